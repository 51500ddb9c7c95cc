//! Every UI string in Russian and English. The `texts!` table makes a missing translation a compile error.

use crate::error::{AppError, FileProblem};
use accord_domain::importer::WarningKind;
use accord_domain::text::Problem;
use accord_domain::{DocumentKind, EventKind, ParticipantCategory, SectionKind, State};
use leptos::prelude::*;

/// The cookie the language switch sets.
pub const LANG_COOKIE: &str = "lang";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ru,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Lang {
        if code.eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Ru
        }
    }

    /// Reads the [`LANG_COOKIE`] from a Cookie header value (or `document.cookie`); Russian without one.
    pub fn from_cookie_header(header: &str) -> Lang {
        crate::cookies::value(header, LANG_COOKIE).map(Lang::from_code).unwrap_or_default()
    }

    pub fn texts(self) -> Texts {
        Texts(self)
    }
}

/// The language of this page, provided by the root component.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

pub fn use_texts() -> Texts {
    use_lang().texts()
}

macro_rules! texts {
    ($($name:ident: $ru:literal, $en:literal;)*) => {
        /// The interface's texts in one language, each a method: a table of them held every text of both
        /// languages in the browser's first download, while a method's two strings go only where code calls it,
        /// into that page's chunk of a split build (README, «Browser bundle»).
        #[derive(Clone, Copy)]
        pub struct Texts(Lang);

        impl Texts {
            $(
                pub fn $name(self) -> &'static str {
                    match self.0 {
                        Lang::Ru => $ru,
                        Lang::En => $en,
                    }
                }
            )*
        }
    };
}

texts! {
    app_name: "Аккорд", "Accord";
    tagline: "Совместная подготовка, обсуждение и принятие рекомендаций", "Drafting, discussing and adopting recommendations together";
    nav_home: "Главная", "Home";
    nav_new_event: "Новое мероприятие", "New event";
    nav_import: "Импорт документа", "Import a document";
    switch_lang: "English", "Русский";
    skip_to_content: "К содержанию", "Skip to content";
    events: "Мероприятия", "Events";
    no_events: "Мероприятий пока нет. Создайте первое или импортируйте документ.", "No events yet. Create one or import a document.";
    documents: "Документы", "Documents";
    no_documents: "Документов пока нет.", "No documents yet.";
    imported_mark: "импортирован", "imported";
    event_kind: "Вид мероприятия", "Kind of event";
    title: "Название", "Title";
    starts_on: "Дата начала", "Start date";
    ends_on: "Дата окончания (если несколько дней)", "End date (if several days)";
    city: "Город", "City";
    organiser: "Организатор", "Organiser";
    description: "Описание", "Description";
    create_event: "Создать мероприятие", "Create event";
    create_event_hint: "После создания вы сможете начать проект документа или импортировать готовый.", "Once created, you can start a draft document or import an existing one.";
    event_details: "О мероприятии", "About the event";
    statistics: "Статистика участников", "Participant statistics";
    stat_total: "Всего участников", "Participants in all";
    stat_speakers: "Выступили с докладами", "Speakers";
    stat_discussion: "Приняли участие в обсуждении", "Took part in the discussion";
    stat_questions: "Задано вопросов", "Questions asked";
    no_statistics: "Статистика ещё не известна.", "No statistics yet.";
    new_draft: "Начать проект документа", "Start a draft document";
    read: "Читать", "Read";
    edit: "Редактировать", "Edit";
    edit_comment: "Изменить", "Edit";
    export_md: "Скачать Markdown", "Download Markdown";
    export_json: "Скачать JSON", "Download JSON";
    state_label: "Этап", "Stage";
    vote_none: "Итоги голосования ещё не внесены.", "No vote result yet.";
    import_title: "Импорт документа", "Import a document";
    import_hint: "Вставьте текст резолюции, рекомендаций, итогового документа, заключения или протокола либо загрузите файл: Word (.docx), OpenDocument (.odt) или текст (.txt, .md) — до 5 МБ. Перед сохранением вы увидите, как документ прочитан, и сможете исправить его вид, название, дату, место и разделы.", "Paste the text of a resolution, recommendations, final document, conclusion or protocol, or upload a file: Word (.docx), OpenDocument (.odt) or text (.txt, .md), up to 5 MB. Before saving you will see how it was read and can correct its kind, title, date, place and sections.";
    import_text: "Текст документа", "Document text";
    import_file: "или файл", "or a file";
    import_event: "Мероприятие", "Event";
    import_new_event: "Новое — по заголовку документа", "New — from the document's header";
    import_preview: "Прочитать и показать", "Read and preview";
    preview_title: "Проверьте, как прочитан документ", "Check how the document was read";
    preview_warnings: "Предупреждения", "Warnings";
    preview_no_warnings: "Всё прочитано без замечаний.", "Everything was read without remarks.";
    preview_will_be_adopted: "Документ содержит итоги голосования: он будет сохранён как принятый (исторический, импортированный) и станет публичным.", "The document carries a vote result: it will be saved as adopted (a historical, imported record) and become public.";
    preview_lines: "Строк", "Lines";
    preview_today: "сегодняшней датой", "dated today";
    preview_new_event: "Будет создано мероприятие", "A new event will be created:";
    preview_correct: "Проверьте и при необходимости исправьте", "Check and correct if needed";
    preview_correct_hint: "Пустые поля оставляют документ таким, как он прочитан. Название, дата и место пишутся в заголовок документа.", "Empty fields leave the document as it was read. A title, date or place goes into the document's header.";
    preview_section_kinds: "Разделы документа: вид каждого", "The document's sections: the kind of each";
    preview_will_be_draft: "Итогов голосования нет: документ будет сохранён как проект.", "There is no vote result: the document will be saved as a draft.";
    save: "Сохранить", "Save";
    cancel: "Отмена", "Cancel";
    line: "строка", "line";
    edit_title: "Редактирование документа", "Editing the document";
    header: "Заголовок", "Header";
    doc_kind: "Заголовок документа (как напечатан)", "Document heading (as printed)";
    document_kind_label: "Вид документа", "Kind of document";
    event_line: "Строка о мероприятии или органе", "Event or body line";
    doc_number: "Номер", "Number";
    place: "Место проведения", "Place";
    date_as_written: "Дата (как написано)", "Date (as written)";
    table_columns: "Столбцы таблицы", "Table columns";
    row_cells: "Ячейки строки", "Row cells";
    section_addressee: "Адресат раздела (в дательном падеже)", "Section addressee (dative)";
    sections_word: "Разделы", "Sections";
    section_kind: "Вид раздела", "Kind of section";
    lead_in: "Вводная фраза", "Lead-in";
    item_text: "Текст пункта", "Item text";
    addressee: "Адресат (в дательном падеже)", "Addressee (dative)";
    add_item: "Добавить пункт", "Add item";
    add_section: "Добавить раздел", "Add section";
    move_up: "Выше", "Up";
    move_down: "Ниже", "Down";
    delete: "Удалить", "Delete";
    new_item_placeholder: "Текст нового пункта", "Text of the new item";
    delete_section: "Удалить раздел", "Delete section";
    indent: "Подпункт / пункт", "Sub-item / item";
    live_connecting: "Подключение…", "Connecting…";
    live_online: "Изменения сохраняются", "Changes are saved";
    live_offline: "Нет связи: правки хранятся в браузере и будут отправлены при подключении", "Offline: edits are kept in the browser and sent on reconnect";
    live_present: "В документе:", "In the document:";
    add_row: "Добавить строку", "Add a row";
    column: "Столбец", "Column";
    add_column: "Добавить столбец", "Add a column";
    remove_column: "Удалить столбец", "Remove column";
    new_column: "Новый столбец (если нужен)", "New column (if needed)";
    comment: "Комментарий", "Comment";
    justification: "Обоснование", "Justification";
    reason: "Причина", "Reason";
    note: "Пояснение", "Note";
    discussion_title: "Обсуждение", "Discussion";
    comments: "Комментарии", "Comments";
    add_comment: "Комментировать", "Comment";
    comment_selection: "Комментировать выделенное", "Comment on the selection";
    selected_words: "Выделено", "Selected";
    clear_selection: "Снять выделение", "Clear the selection";
    reply: "Ответить", "Reply";
    delete_comment: "Удалить", "Delete";
    deleted_comment: "Комментарий удалён автором.", "Comment deleted by its author.";
    hidden_comment: "Комментарий скрыт организатором.", "Comment hidden by an organiser.";
    resolve: "Отметить решённым", "Mark resolved";
    reopen: "Открыть снова", "Reopen";
    resolved: "Решено", "Resolved";
    hide: "Скрыть", "Hide";
    support: "Поддерживаю", "Support";
    oppose: "Не поддерживаю", "Oppose";
    edited: "изменено", "edited";
    earlier_wordings: "Прежние редакции", "Earlier wordings";
    about_removed: "Слова, к которым относится комментарий, удалены из текста:", "The words this comment is about were deleted:";
    on_item: "К пункту", "On item";
    whole_item: "весь пункт", "the whole item";
    is_proposal: "Предложение по тексту (войдёт в сводку предложений)", "A proposal on the text (goes into the summary)";
    proposal: "Предложение", "Proposal";
    taken: "Учтено", "Taken into account";
    not_taken: "Не учтено", "Not taken into account";
    amendments: "Поправки", "Amendments";
    amendment: "Поправка", "Amendment";
    propose_amendment: "Предложить поправку", "Propose an amendment";
    amendment_kind: "Вид поправки", "Kind of amendment";
    amend_replace: "Новая редакция пункта", "New wording of the item";
    amend_insert: "Новый пункт после выбранного", "A new item after the chosen one";
    amend_delete: "Исключить пункт", "Delete the item";
    accept: "Принять", "Accept";
    reject: "Отклонить", "Reject";
    accepted: "Принята", "Accepted";
    rejected: "Отклонена", "Rejected";
    under_review: "На рассмотрении", "Under review";
    item_changed: "Пункт изменился после подачи поправки. Сравните тексты и подтвердите итоговую редакцию.", "The item changed after the amendment was proposed. Compare the texts and confirm the result.";
    base_text: "Текст при подаче поправки", "Text when proposed";
    current_text: "Текст сейчас", "Text now";
    proposed_text: "Предложено", "Proposed";
    result_text: "Итоговая редакция", "Resulting wording";
    confirm_accept: "Принять с этой редакцией", "Accept with this wording";
    item_deleted: "Пункт удалён", "Item deleted";
    summary: "Сводка предложений", "Summary of proposals";
    export_csv: "Скачать CSV", "Download CSV";
    export_docx: "Скачать Word (DOCX)", "Download Word (DOCX)";
    export_docx_changes: "Word: поправки правками, комментарии примечаниями", "Word: amendments as tracked changes, comments as notes";
    export_pdf: "Скачать PDF", "Download PDF";
    unread: "новых", "new";
    to_review: "Перейти к обсуждению поправок", "Move to review of amendments";
    to_drafting: "Вернуть на доработку", "Return to drafting";
    observers_may_comment: "Наблюдатели могут комментировать", "Observers may comment";
    no_comments: "Комментариев пока нет.", "No comments yet.";
    no_amendments: "Поправок пока нет.", "No amendments yet.";
    author: "Автор", "Author";
    decision: "Решение", "Decision";
    kind_col: "Вид", "Kind";
    number_col: "№", "No.";
    text_col: "Текст", "Text";
    item_col: "Пункт", "Item";
    summary_empty: "Предложений и поправок нет.", "There are no proposals or amendments.";
    review_hint: "Текст на этапе обсуждения поправок: изменения вносятся только принятием поправок.", "The text is under review: it changes only by accepted amendments.";
    live_read_only: "Только чтение: править текст могут делегаты и организаторы, пока идёт подготовка проекта.", "Read only: delegates and organisers edit the text while the draft is being prepared.";
    form_editor: "Правка формами", "Edit with forms";
    open_editor: "Править текст вместе с другими", "Edit the text together";
    watch_editor: "Смотреть правку вживую", "Watch the drafting live";
    opening_editor: "Открываем редактор…", "Opening the editor…";
    live_needs_js: "Совместная правка работает с включённым JavaScript. Без него текст правится формами:", "Live co-drafting needs JavaScript. Without it, edit the text with forms:";
    saved: "Сохранено", "Saved";
    back_to_document: "К документу", "Back to the document";
    not_editable: "Документ уже не на этапе подготовки: текст изменить нельзя.", "The document is past drafting: its text cannot change.";
    not_found_title: "Страница не найдена", "Page not found";
    sign_in_needed_title: "Нужно войти", "Sign-in needed";
    forbidden_title: "Нет доступа", "No access";
    members_only_title: "Только для участников", "Members only";
    refused_title: "Не получилось", "That did not work";
    draft_for_members: "до решения — только для участников", "members only until decided";
    sign_in_to_take_part: "Войдите, чтобы участвовать", "Sign in to take part";
    demo_accounts: "Демонстрационные учётные записи", "Demo accounts";
    shortcuts: "Клавиши", "Keys";
    shortcut_add: "новый пункт после этого", "a new item after this one";
    shortcut_move: "пункт выше / ниже", "move the item up / down";
    shortcut_depth: "подпункт / снова пункт", "make it a sub-item / an item again";
    shortcut_delete: "удалить пункт", "delete the item";
    vote_line: "Строка голосования", "Vote line";
    close: "Закрыть", "Close";
    see_in_text: "Показана в тексте под пунктом", "Shown in the text under its item";
    vote_line_placeholder: "Голосовали: «ЗА» — 25 чел., «Против» — нет, «Воздержались» — нет", "Голосовали: «ЗА» — 25 чел., «Против» — нет, «Воздержались» — нет";
    vote_unreadable: "Строка не прочитана как итоги голосования. Напишите, например: «Голосовали: за — 25, против — нет, воздержались — нет» или «Принято единогласно». Пустая строка убирает итоги.", "The line does not read as a vote. Write, for example, «Голосовали: за — 25, против — нет, воздержались — нет» or «Принято единогласно». An empty line removes the vote.";
    demo_password: "Это демонстрационная установка. Пароль каждой записи:", "This is a demo installation. The password of each account:";
    not_found_text: "Такой страницы нет или она была удалена.", "There is no such page, or it was removed.";
    loading: "Загрузка…", "Loading…";
    footer: "Аккорд — рекомендации семинаров, круглых столов и слушаний", "Accord — recommendations of seminars, round tables and hearings";
    number_abbr: "№", "No.";
    your_name: "Имя и фамилия", "Full name";
    email: "Электронная почта", "E-mail";
    password: "Пароль (не короче 8 символов)", "Password (8 characters or more)";
    full_name: "ФИО", "Full name";
    organisation: "Организация", "Organisation";
    region: "Муниципальное образование или регион", "Municipality or region";
    category: "Категория участника", "Participant category";
    role: "Роль", "Role";
    sign_up: "Регистрация", "Sign up";
    sign_up_action: "Зарегистрироваться", "Create account";
    sign_in: "Вход", "Sign in";
    sign_in_action: "Войти", "Sign in";
    sign_out: "Выйти", "Sign out";
    account: "Учётная запись", "Account";
    have_account: "Уже есть учётная запись? Войдите.", "Already have an account? Sign in.";
    no_account: "Нет учётной записи? Зарегистрируйтесь.", "No account yet? Sign up.";
    change_password: "Сменить пароль", "Change password";
    current_password: "Текущий пароль", "Current password";
    new_password: "Новый пароль (не короче 8 символов)", "New password (8 characters or more)";
    password_changed: "Пароль изменён. Другие сеансы завершены.", "Password changed. Other sessions were ended.";
    download_data: "Скачать мои данные (JSON)", "Download my data (JSON)";
    delete_account: "Удалить учётную запись", "Delete account";
    delete_account_hint: "Ваше имя, адрес и данные профиля будут удалены. Общее число участников и итоги прошлых голосований не изменятся.", "Your name, e-mail and profile data will be deleted. Participant counts and past tallies stay as they are.";
    privacy: "Персональные данные", "Personal data";
    privacy_intro: "Аккорд хранит только то, что нужно для работы над документами мероприятия (Федеральный закон № 152-ФЗ «О персональных данных»).", "Accord keeps only what working on an event's documents needs (Russian Federal Law No. 152-FZ on personal data).";
    privacy_what: "Что хранится: имя и адрес электронной почты учётной записи; для каждого мероприятия — ФИО, организация, категория, муниципальное образование или регион, отметки о выступлении и участии в обсуждении; журнал действий.", "What is kept: the account's name and e-mail; for each event, full name, organisation, category, municipality or region, speaker and discussion marks; a log of actions.";
    privacy_public: "На публичных страницах всегда показываются только общие числа участников. Имя показывается публично лишь с вашего отдельного согласия, которое вы даёте при вступлении в мероприятие.", "Public pages always show aggregate counts only. Your name appears publicly only with your separate consent, given when you join an event.";
    privacy_rights: "Вы можете скачать все свои данные и удалить учётную запись на странице «Учётная запись». При удалении имя и контакты стираются, а обезличенные числа и итоги голосований сохраняются.", "You can download all your data and delete your account on the Account page. Deleting erases your name and contacts and keeps anonymous counts and tallies.";
    join_title: "Вступление в мероприятие", "Joining the event";
    join_hint: "Заполните профиль участника. Он нужен для статистики документа.", "Fill in your participant profile; the document's statistics are counted from it.";
    join_action: "Вступить", "Join";
    join_sign_in_first: "Чтобы принять приглашение, войдите или зарегистрируйтесь.", "To accept the invitation, sign in or sign up first.";
    public_name_consent: "Согласен(на), чтобы моё имя было видно на публичных страницах", "I agree that my name may appear on public pages";
    participants: "Участники", "Participants";
    participants_hidden: "Список участников видят только участники мероприятия.", "Only the event's participants see the list of participants.";
    invitations: "Приглашения", "Invitations";
    invite_days: "Срок действия, дней", "Valid for, days";
    create_invitation: "Создать ссылку-приглашение", "Create an invitation link";
    invitation_link: "Ссылка-приглашение (показывается один раз, скопируйте её):", "Invitation link (shown once, copy it):";
    revoke: "Отозвать", "Revoke";
    revoked: "отозвано", "revoked";
    expires: "действует до", "valid until";
    add_by_email: "Добавить по адресу электронной почты", "Add by e-mail";
    add_member: "Добавить", "Add";
    speaker: "Выступал(а)", "Speaker";
    discussion: "В обсуждении", "In discussion";
    remove: "Исключить", "Remove";
    audit: "Журнал действий", "Audit log";
    audit_empty: "Записей нет.", "No entries.";
    audit_when: "Когда", "When";
    audit_who: "Кто", "Who";
    audit_what: "Действие", "Action";
    use_register: "Считать статистику по списку участников", "Count statistics from the register";
    statistics_from_register: "Статистика подсчитана по списку участников.", "Statistics are counted from the register.";
    signed_in_as: "Вы вошли как", "Signed in as";
    name_hidden: "участник", "participant";
    ballots_title: "Голосование", "Voting";
    version_word: "Версия", "Version";
    canonical_text: "Текст версии", "Text of the version";
    frozen_by_word: "зафиксирована", "frozen by";
    open_ballot: "Открыть голосование", "Open a ballot";
    ballot_subject: "Предмет голосования", "Subject";
    subject_document: "Документ в целом", "The whole document";
    subject_item: "Отдельный пункт", "One item";
    subject_amendment: "Поправка", "An amendment";
    secret_ballot: "Тайное голосование", "Secret ballot";
    named_ballot: "Открытое голосование", "Named ballot";
    quorum: "Кворум, % от имеющих право голоса", "Quorum, % of eligible voters";
    majority: "Требуемое большинство", "Majority required";
    majority_of_cast: "Большинство голосов проголосовавших", "Majority of votes cast";
    majority_of_all: "Большинство от всех имеющих право голоса", "Majority of all eligible voters";
    majority_two_thirds: "Две трети голосов проголосовавших", "Two thirds of votes cast";
    revote_allowed: "Голос можно изменить до закрытия (только открытое)", "Votes may be changed until closing (named only)";
    live_tally: "Показывать итоги во время голосования", "Show the tally while open";
    closes_in: "Закрыть автоматически через, мин", "Close automatically after, minutes";
    choice_for: "За", "For";
    choice_against: "Против", "Against";
    choice_abstain: "Воздержался", "Abstain";
    ballot_no: "Голосование №", "Ballot no. ";
    ballot_running: "идёт", "open";
    ballot_closed: "закрыто", "closed";
    took_part: "Приняли участие", "Took part";
    of_word: "из", "of";
    tally_hidden: "Итоги будут объявлены после закрытия.", "The tally is announced at closing.";
    you_voted: "Ваш голос учтён:", "Your vote is counted:";
    you_voted_secret: "Ваш голос учтён. Голосование тайное: выбор не хранится рядом с вашим именем.", "Your vote is counted. The ballot is secret: your choice is not kept with your name.";
    you_in_room: "Вы отмечены присутствующим в зале: ваш голос учитывается подсчётом в зале.", "You are marked present in the room: your vote is counted by the show of hands.";
    change_vote: "Изменить голос:", "Change your vote:";
    close_ballot: "Закрыть голосование", "Close the ballot";
    in_room: "Голосование в зале", "Voting in the room";
    mark_present: "В зале", "In the room";
    unmark_present: "Снять отметку", "Unmark";
    mark_all_present: "Отметить в зале всех, кто не голосовал", "Mark everyone who has not voted as present";
    present_count: "Отмечено в зале", "Marked present";
    record_hands: "Записать подсчёт в зале", "Record the show of hands";
    hands_recorded: "Подсчёт в зале", "Show of hands";
    voted_online: "голосовал(а) онлайн", "voted online";
    quorum_met: "Кворум есть", "Quorum met";
    quorum_missing: "Кворума нет: голосование не состоялось.", "No quorum: the ballot decides nothing.";
    outcome_adopted: "Решение принято", "Adopted";
    outcome_rejected: "Решение не принято", "Not adopted";
    breakdown: "По категориям участников", "By participant category";
    closes_in_left: "Закроется автоматически через", "Closes automatically in";
    minutes_short: "мин", "min";
    who_voted: "Кто как голосовал", "Who voted how";
    in_room_hand: "в зале", "in the room";
    to_voting: "Вынести на голосование", "Put to the vote";
    confirm_move: "Подтверждаю", "I confirm";
    open_amendments_warning: "Не рассмотрено поправок:", "Amendments not decided:";
    open_amendments_note: "При голосовании они не войдут в текст.", "They will not be part of the text voted on.";
    no_ballots: "Голосований пока нет.", "No ballots yet.";
    eligible_word: "Имеют право голоса", "Eligible";
    quorum_short: "кворум", "quorum";
    chart_of_ballot: "Итоги голосования №", "Results of ballot No.";
    nav_registry: "Реестр рекомендаций", "Registry";
    named_votes_csv: "Поимённые голоса (CSV)", "Named votes (CSV)";
    history: "История версий", "Version history";
    withdraw_from_vote: "Снять с голосования и вернуть к поправкам", "Withdraw from the vote, back to amendments";
    text_now: "текст сейчас", "the text now";
    no_versions: "Версий пока нет: текст фиксируется как версия при переходе к голосованию.", "No versions yet: the text is frozen as a version when voting opens.";
    compare_from: "Сравнить", "Compare";
    compare_to: "с", "with";
    compare: "Показать изменения", "Show changes";
    no_changes: "Различий нет.", "No differences.";
    journal_title: "Кто и что менял в черновике", "Who changed what in the draft";
    journal_empty: "Правок в черновике пока не было.", "No edits to the draft yet.";
    journal_nobody: "без автора (системная правка)", "no author (a system edit)";
    date_word: "Дата", "Date";
    registry_title: "Реестр рекомендаций", "Registry of recommendations";
    notices_title: "Уведомления", "Notices";
    invite_email: "Отправить на e-mail (необязательно)", "Send to an e-mail address (optional)";
    notices_intro: "Что произошло в мероприятиях, где вы участвуете. Письма о том же приходят так, как настроено в профиле.", "What happened in the events you take part in. E-mails about it come as set in your account.";
    notices_empty: "Уведомлений пока нет.", "No notices yet.";
    notices_unread: "непрочитанных уведомлений", "unread notices";
    notice_settings: "Уведомления по почте", "Notices by e-mail";
    notice_settings_hint: "Без почтового сервера у Аккорда уведомления видны только под колокольчиком.", "Where Accord has no mail server, notices show under the bell only.";
    notice_settings_saved: "Настройки уведомлений сохранены.", "Notice settings saved.";
    notice_lang: "Язык писем", "Language of the e-mails";
    delivery_now: "сразу", "at once";
    delivery_digest: "в ежедневной сводке", "in the daily digest";
    delivery_off: "не присылать", "do not send";
    kind_ballot_opened: "Открыто голосование, в котором я голосую", "A ballot I vote in is opened";
    kind_deadline_soon: "Час до конца голосования, а я не проголосовал(а)", "An hour before a ballot closes, if I have not voted";
    kind_decided: "Документ моего мероприятия принят или отклонён", "A document of my event is adopted or rejected";
    kind_reply: "Ответ на мой комментарий", "A reply to my comment";
    kind_activity: "Новые комментарии и поправки к черновикам, где я участвую", "New comments and amendments on drafts I take part in";
    unsubscribe_title: "Отписка от писем", "Unsubscribe";
    unsubscribe_ask: "Больше не присылать такие письма? Уведомления останутся видны под колокольчиком.", "Stop such e-mails? Notices will still show under the bell.";
    unsubscribe_button: "Отписаться", "Unsubscribe";
    unsubscribed: "Готово: такие письма больше не придут. Уведомления остаются видны под колокольчиком.", "Done: no more such e-mails. Notices still show under the bell.";
    unsubscribe_bad: "Ссылка для отписки неверна: её изменили или скопировали не полностью. Ничего не изменено.", "The unsubscribe link is wrong: it was changed or copied in part. Nothing was changed.";
    registry_intro: "Рекомендации принятых документов и ход их исполнения.", "Recommendations of adopted documents and how they are carried out.";
    progress_title: "Исполнение рекомендаций по адресатам", "Progress of recommendations by addressee";
    progress_link: "Исполнение по адресатам (диаграмма)", "Progress by addressee (chart)";
    no_addressee: "Без адресата", "No addressee";
    addressee_col: "Адресат", "Addressee";
    total_word: "Всего", "Total";
    search_words: "Слова", "Words";
    region_or_city: "Город или регион", "City or region";
    year_word: "Год", "Year";
    any_value: "— все —", "— any —";
    find: "Найти", "Search";
    found: "Найдено", "Found";
    nothing_found: "Ничего не найдено.", "Nothing found.";
    status_not_started: "не начато", "not started";
    status_in_progress: "в работе", "in progress";
    status_done: "выполнено", "done";
    status_declined: "отклонено", "declined";
    status_word: "Исполнение", "Status";
    record_progress: "Записать ход исполнения", "Record progress";
    previous_page: "← Назад", "← Previous";
    next_page: "Дальше →", "Next →";
}

pub fn event_kind(lang: Lang, kind: EventKind) -> &'static str {
    match (lang, kind) {
        (Lang::Ru, EventKind::Seminar) => "Семинар",
        (Lang::Ru, EventKind::RoundTable) => "Круглый стол",
        (Lang::Ru, EventKind::Conference) => "Конференция",
        (Lang::Ru, EventKind::PublicHearing) => "Публичные слушания",
        (Lang::Ru, EventKind::Forum) => "Форум",
        (Lang::Ru, EventKind::Meeting) => "Совещание, заседание",
        (Lang::Ru, EventKind::PublicDiscussion) => "Общественные обсуждения",
        (Lang::Ru, EventKind::ParliamentaryHearing) => "Парламентские слушания",
        (Lang::Ru, EventKind::Other) => "Другое",
        (Lang::En, EventKind::Seminar) => "Seminar",
        (Lang::En, EventKind::RoundTable) => "Round table",
        (Lang::En, EventKind::Conference) => "Conference",
        (Lang::En, EventKind::PublicHearing) => "Public hearing",
        (Lang::En, EventKind::Forum) => "Forum",
        (Lang::En, EventKind::Meeting) => "Meeting",
        (Lang::En, EventKind::PublicDiscussion) => "Public discussion",
        (Lang::En, EventKind::ParliamentaryHearing) => "Parliamentary hearing",
        (Lang::En, EventKind::Other) => "Other",
    }
}

pub fn category(lang: Lang, c: ParticipantCategory) -> &'static str {
    use ParticipantCategory::*;
    match (lang, c) {
        (Lang::Ru, StateBody) => "Органы государственной власти",
        (Lang::Ru, MunicipalAuthority) => "Органы местного самоуправления",
        (Lang::Ru, MunicipalInstitution) => "Муниципальные учреждения",
        (Lang::Ru, Ngo) => "НКО и общественные организации",
        (Lang::Ru, Business) => "Бизнес",
        (Lang::Ru, ScienceEducation) => "Наука и образование",
        (Lang::Ru, Guest) => "Гости из других регионов",
        (Lang::Ru, Other) => "Другие",
        (Lang::En, StateBody) => "State bodies",
        (Lang::En, MunicipalAuthority) => "Municipal authorities",
        (Lang::En, MunicipalInstitution) => "Municipal institutions",
        (Lang::En, Ngo) => "NGOs and public organisations",
        (Lang::En, Business) => "Business",
        (Lang::En, ScienceEducation) => "Science and education",
        (Lang::En, Guest) => "Guests from other regions",
        (Lang::En, Other) => "Others",
    }
}

pub fn state(lang: Lang, s: State) -> &'static str {
    match (lang, s) {
        (Lang::Ru, State::Drafting) => "подготовка проекта",
        (Lang::Ru, State::Review) => "обсуждение поправок",
        (Lang::Ru, State::Voting) => "голосование",
        (Lang::Ru, State::Adopted) => "принят",
        (Lang::Ru, State::Rejected) => "отклонён",
        (Lang::En, State::Drafting) => "drafting",
        (Lang::En, State::Review) => "review",
        (Lang::En, State::Voting) => "voting",
        (Lang::En, State::Adopted) => "adopted",
        (Lang::En, State::Rejected) => "rejected",
    }
}

/// Where a journal change is, in words: «Рекомендации, п. 3», «Заголовок: город».
pub fn place(lang: Lang, place: &accord_domain::journal::Place) -> String {
    use accord_domain::journal::Place;
    let ru = lang == Lang::Ru;
    match place {
        Place::Header(field) => {
            let name = match (ru, field.as_str()) {
                (true, "kind") => "вид документа",
                (true, "doc_kind") => "заголовок документа",
                (true, "event_line") => "строка о мероприятии",
                (true, "title") => "название",
                (true, "dates") => "даты",
                (true, "number") => "номер",
                (true, "place" | "city") => "место",
                (false, "kind") => "kind of document",
                (false, "doc_kind") => "document heading",
                (false, "event_line") => "event line",
                (false, "title") => "title",
                (false, "dates") => "dates",
                (false, "number") => "number",
                (false, "place" | "city") => "place",
                (_, other) => other,
            };
            format!("{}: {name}", if ru { "Заголовок" } else { "Header" })
        }
        Place::LeadIn(kind) => {
            format!("{}, {}", section_kind(lang, *kind), if ru { "вводная фраза" } else { "lead-in" })
        }
        Place::Item(kind, n) => format!("{}, {}\u{a0}{n}", section_kind(lang, *kind), if ru { "п." } else { "item" }),
        Place::SectionVote(kind) => {
            format!("{}, {}", section_kind(lang, *kind), if ru { "итоги голосования" } else { "vote result" })
        }
        Place::Vote => (if ru { "Итоги голосования" } else { "Vote result" }).to_string(),
    }
}

pub fn section_kind(lang: Lang, k: SectionKind) -> &'static str {
    match (lang, k) {
        (Lang::Ru, SectionKind::Narrative) => "Описание",
        (Lang::Ru, SectionKind::Findings) => "Выводы",
        (Lang::Ru, SectionKind::Problems) => "Проблемы",
        (Lang::Ru, SectionKind::Recommendations) => "Рекомендации",
        (Lang::Ru, SectionKind::Agenda) => "Повестка дня",
        (Lang::Ru, SectionKind::Heard) => "Слушали",
        (Lang::Ru, SectionKind::Speeches) => "Выступили",
        (Lang::Ru, SectionKind::Decisions) => "Решили",
        (Lang::Ru, SectionKind::Conclusions) => "Заключительные выводы",
        (Lang::Ru, SectionKind::Table) => "Таблица",
        (Lang::Ru, SectionKind::Signatures) => "Подписи",
        (Lang::Ru, SectionKind::Other) => "Другое",
        (Lang::En, SectionKind::Narrative) => "Narrative",
        (Lang::En, SectionKind::Findings) => "Findings",
        (Lang::En, SectionKind::Problems) => "Problems",
        (Lang::En, SectionKind::Recommendations) => "Recommendations",
        (Lang::En, SectionKind::Agenda) => "Agenda",
        (Lang::En, SectionKind::Heard) => "Heard",
        (Lang::En, SectionKind::Speeches) => "Speeches",
        (Lang::En, SectionKind::Decisions) => "Decisions",
        (Lang::En, SectionKind::Conclusions) => "Conclusions",
        (Lang::En, SectionKind::Table) => "Table",
        (Lang::En, SectionKind::Signatures) => "Signatures",
        (Lang::En, SectionKind::Other) => "Other",
    }
}

pub fn document_kind(lang: Lang, k: DocumentKind) -> &'static str {
    match (lang, k) {
        (Lang::Ru, DocumentKind::Resolution) => "Резолюция",
        (Lang::Ru, DocumentKind::Recommendations) => "Рекомендации",
        (Lang::Ru, DocumentKind::Decision) => "Решение",
        (Lang::Ru, DocumentKind::FinalDocument) => "Итоговый документ",
        (Lang::Ru, DocumentKind::Conclusion) => "Заключение о результатах публичных слушаний",
        (Lang::Ru, DocumentKind::Protocol) => "Протокол",
        (Lang::Ru, DocumentKind::Other) => "Другой документ",
        (Lang::En, DocumentKind::Resolution) => "Resolution",
        (Lang::En, DocumentKind::Recommendations) => "Recommendations",
        (Lang::En, DocumentKind::Decision) => "Decision",
        (Lang::En, DocumentKind::FinalDocument) => "Final document",
        (Lang::En, DocumentKind::Conclusion) => "Conclusion on the results of public hearings",
        (Lang::En, DocumentKind::Protocol) => "Protocol (minutes)",
        (Lang::En, DocumentKind::Other) => "Other document",
    }
}

fn field(lang: Lang, name: &str) -> String {
    let t = lang.texts();
    match name {
        "title" => t.title(),
        "city" => t.city(),
        "organiser" => t.organiser(),
        "description" => t.description(),
        "starts_on" => t.starts_on(),
        "ends_on" => t.ends_on(),
        "place" => t.place(),
        "number" => t.doc_number(),
        "date" => t.date_as_written(),
        "cells" => t.row_cells(),
        "columns" => t.table_columns(),
        "sections" => t.sections_word(),
        "kind" | "event_kind" => t.event_kind(),
        "document_kind" => t.document_kind_label(),
        "section_kind" => t.section_kind(),
        "doc_kind" => t.doc_kind(),
        "event_line" => t.event_line(),
        "lead_in" => t.lead_in(),
        "text" => t.item_text(),
        "addressee" => t.addressee(),
        "items" => t.add_item(),
        "name" => t.your_name(),
        "email" => t.email(),
        "password" => t.password(),
        "full_name" => t.full_name(),
        "organisation" => t.organisation(),
        "region" => t.region(),
        "category" => t.category(),
        "comment" => t.comment(),
        "justification" => t.justification(),
        "reason" => t.reason(),
        "note" => t.note(),
        "role" => t.role(),
        "quorum" => t.quorum(),
        "year" => t.year_word(),
        "from" => t.compare_from(),
        "to" => t.compare_to(),
        "q" => t.search_words(),
        "page" => t.next_page(),
        "status" => t.status_word(),
        "in_favour" => t.choice_for(),
        "against" => t.choice_against(),
        "abstained" => t.choice_abstain(),
        "minutes" => t.closes_in(),
        "subject" => t.ballot_subject(),
        "lang" => t.notice_lang(),
        "ballot_opened" => t.kind_ballot_opened(),
        "deadline_soon" => t.kind_deadline_soon(),
        "decided" => t.kind_decided(),
        "reply" => t.kind_reply(),
        "activity" => t.kind_activity(),
        other => return other.to_string(),
    }
    .to_string()
}

/// What a user reads when something they sent was refused.
pub fn error_message(lang: Lang, e: &AppError) -> String {
    match (lang, e) {
        (_, AppError::Invalid(f)) => {
            let name = field(lang, &f.field);
            match (lang, f.problem) {
                (Lang::Ru, Problem::Empty) => format!("Заполните поле «{name}»."),
                (Lang::En, Problem::Empty) => format!("Please fill in “{name}”."),
                (Lang::Ru, Problem::TooLong { max }) => format!("Поле «{name}» длиннее {max} символов."),
                (Lang::En, Problem::TooLong { max }) => format!("“{name}” is longer than {max} characters."),
                (Lang::Ru, Problem::TooShort { min }) => format!("Поле «{name}» короче {min} символов."),
                (Lang::En, Problem::TooShort { min }) => format!("“{name}” is shorter than {min} characters."),
                (Lang::Ru, Problem::EndsBeforeStart) => "Дата окончания раньше даты начала.".into(),
                (Lang::En, Problem::EndsBeforeStart) => "The end date is before the start date.".into(),
                (Lang::Ru, Problem::BadDate) => format!("В поле «{name}» не дата."),
                (Lang::En, Problem::BadDate) => format!("“{name}” is not a date."),
                (Lang::Ru, Problem::Unknown) => format!("Недопустимое значение в поле «{name}»."),
                (Lang::En, Problem::Unknown) => format!("“{name}” has a value that is not allowed."),
            }
        }
        (Lang::Ru, AppError::NotFound) => "Не найдено: возможно, запись удалена или ссылка неверна.".into(),
        (Lang::En, AppError::NotFound) => "Not found: it may have been removed, or the link is wrong.".into(),
        (Lang::Ru, AppError::NotUtf8) => {
            "Текст файла не прочитан: это не UTF-8, UTF-16 или Windows-1251. Сохраните его как «Текст (UTF-8)», .docx или \
             .odt и загрузите снова."
                .into()
        }
        (Lang::En, AppError::NotUtf8) => {
            "The file’s text could not be read: it is not UTF-8, UTF-16 or Windows-1251. Save it as “Text (UTF-8)”, .docx \
             or .odt and upload it again."
                .into()
        }
        (Lang::Ru, AppError::UnreadableFile(problem)) => match problem {
            FileProblem::Corrupt => "Файл повреждён или это не документ Word/OpenDocument. Откройте его в редакторе, \
                                     сохраните заново как .docx или .odt и загрузите снова."
                .into(),
            FileProblem::Encrypted => "Файл защищён паролем: Accord не может его прочитать. Снимите пароль (в Word: \
                                       «Файл → Сведения → Защита документа») и загрузите файл снова."
                .into(),
            FileProblem::LegacyWord => "Это файл старого формата Word (.doc). Сохраните его как «Документ Word (.docx)» \
                                        и загрузите снова."
                .into(),
            FileProblem::Unsupported => "Такой файл не читается: загрузите текст (.txt, .md), документ Word (.docx) \
                                         или OpenDocument (.odt), либо вставьте текст в поле."
                .into(),
        },
        (Lang::En, AppError::UnreadableFile(problem)) => match problem {
            FileProblem::Corrupt => "The file is damaged or is not a Word/OpenDocument file. Open it in an editor, save \
                                     it again as .docx or .odt and upload it again."
                .into(),
            FileProblem::Encrypted => "The file is protected with a password, so Accord cannot read it. Remove the \
                                       password (in Word: File → Info → Protect Document) and upload it again."
                .into(),
            FileProblem::LegacyWord => "This is an old Word file (.doc). Save it as “Word Document (.docx)” and upload \
                                        it again."
                .into(),
            FileProblem::Unsupported => "This kind of file cannot be read: upload text (.txt, .md), Word (.docx) or \
                                         OpenDocument (.odt), or paste the text into the field."
                .into(),
        },
        (Lang::Ru, AppError::TooLarge { max_kb }) => format!("Файл больше {max_kb} КБ."),
        (Lang::En, AppError::TooLarge { max_kb }) => format!("The file is larger than {max_kb} KB."),
        (Lang::Ru, AppError::EmptyText) => "Нет текста: вставьте текст документа или выберите файл.".into(),
        (Lang::En, AppError::EmptyText) => "There is no text: paste the document or choose a file.".into(),
        (Lang::Ru, AppError::Conflict) => {
            "Документ изменили после того, как вы открыли страницу. Обновите её и внесите правку снова.".into()
        }
        (Lang::En, AppError::Conflict) => {
            "The document changed after you opened this page. Reload it and make your change again.".into()
        }
        (Lang::Ru, AppError::NotEditable(s)) => {
            format!("Документ на этапе «{}»: его текст изменить нельзя.", state(lang, *s))
        }
        (Lang::En, AppError::NotEditable(s)) => {
            format!("The document is at the “{}” stage: its text cannot change.", state(lang, *s))
        }
        (Lang::Ru, AppError::Unauthenticated) => "Войдите в систему, чтобы сделать это.".into(),
        (Lang::En, AppError::Unauthenticated) => "Please sign in to do this.".into(),
        (Lang::Ru, AppError::MembersOnly { signed_in: false }) => {
            "Документ ещё не принят: до решения его читают только участники мероприятия. Войдите, чтобы участвовать.".into()
        }
        (Lang::En, AppError::MembersOnly { signed_in: false }) => {
            "The document is not decided yet: until then only the event’s members read it. Sign in to take part.".into()
        }
        (Lang::Ru, AppError::MembersOnly { signed_in: true }) => {
            "Документ ещё не принят: до решения его читают только участники мероприятия. Чтобы участвовать, \
             попросите приглашение у организаторов."
                .into()
        }
        (Lang::En, AppError::MembersOnly { signed_in: true }) => {
            "The document is not decided yet: until then only the event’s members read it. To take part, ask the \
             organisers for an invitation."
                .into()
        }
        (Lang::Ru, AppError::Forbidden) => "У вас нет прав на это действие.".into(),
        (Lang::En, AppError::Forbidden) => "You are not allowed to do this.".into(),
        (Lang::Ru, AppError::EmailTaken) => "Этот адрес уже зарегистрирован. Войдите или восстановите доступ.".into(),
        (Lang::En, AppError::EmailTaken) => "This e-mail already has an account. Sign in instead.".into(),
        (Lang::Ru, AppError::BadCredentials) => "Неверный адрес электронной почты или пароль.".into(),
        (Lang::En, AppError::BadCredentials) => "Wrong e-mail or password.".into(),
        (Lang::Ru, AppError::TooManyAttempts) => "Слишком много попыток. Подождите минуту и попробуйте снова.".into(),
        (Lang::En, AppError::TooManyAttempts) => "Too many attempts. Wait a minute and try again.".into(),
        (Lang::Ru, AppError::InvitationExpired) => {
            "Срок действия приглашения истёк. Попросите организатора прислать новое.".into()
        }
        (Lang::En, AppError::InvitationExpired) => {
            "This invitation has expired. Ask the organiser for a new one.".into()
        }
        (Lang::Ru, AppError::InvitationRevoked) => "Это приглашение отозвано организатором.".into(),
        (Lang::En, AppError::InvitationRevoked) => "The organiser has revoked this invitation.".into(),
        (Lang::Ru, AppError::AlreadyMember) => "Этот человек уже участник мероприятия.".into(),
        (Lang::En, AppError::AlreadyMember) => "This person already takes part in the event.".into(),
        (Lang::Ru, AppError::NoSuchAccount) => {
            "Нет учётной записи с таким адресом. Отправьте человеку ссылку-приглашение.".into()
        }
        (Lang::En, AppError::NoSuchAccount) => {
            "There is no account with this e-mail. Send the person an invitation link.".into()
        }
        (Lang::Ru, AppError::LastOrganiser) => "У мероприятия должен остаться хотя бы один организатор.".into(),
        (Lang::En, AppError::LastOrganiser) => "The event must keep at least one organiser.".into(),
        (Lang::Ru, AppError::ItemGone) => "Этот пункт удалён из документа.".into(),
        (Lang::En, AppError::ItemGone) => "This item has been deleted from the document.".into(),
        (Lang::Ru, AppError::QuoteMoved) => "Выделенный текст уже изменён. Выделите слова ещё раз.".into(),
        (Lang::En, AppError::QuoteMoved) => "The selected words have changed. Select them again.".into(),
        (Lang::Ru, AppError::NoChange) => "Поправка не меняет текст пункта.".into(),
        (Lang::En, AppError::NoChange) => "The amendment does not change the item's text.".into(),
        (Lang::Ru, AppError::AlreadyDecided) => "Решение уже принято другим организатором. Обновите страницу.".into(),
        (Lang::En, AppError::AlreadyDecided) => "Another organiser has already decided. Reload the page.".into(),
        (Lang::Ru, AppError::NoVoters) => "В мероприятии нет организаторов и делегатов: голосовать некому.".into(),
        (Lang::En, AppError::NoVoters) => "The event has no organisers or delegates: nobody may vote.".into(),
        (Lang::Ru, AppError::AlreadyVoted) => "Ваш голос в этом голосовании уже учтён.".into(),
        (Lang::En, AppError::AlreadyVoted) => "Your vote in this ballot is already counted.".into(),
        (Lang::Ru, AppError::NotEligible) => {
            "У вас нет права голоса в этом голосовании: список голосующих составлен при его открытии.".into()
        }
        (Lang::En, AppError::NotEligible) => {
            "You may not vote in this ballot: its voters were fixed when it opened.".into()
        }
        (Lang::Ru, AppError::BallotClosed) => "Голосование уже закрыто.".into(),
        (Lang::En, AppError::BallotClosed) => "The ballot has closed.".into(),
        (Lang::Ru, AppError::TooManyHands { present }) => {
            format!("Голосов в зале больше, чем отмеченных присутствующих ({present}).")
        }
        (Lang::En, AppError::TooManyHands { present }) => {
            format!("More hands than voters marked present in the room ({present}).")
        }
        (Lang::Ru, AppError::BallotOpen) => "Голосование по документу уже открыто: сначала закройте его.".into(),
        (Lang::En, AppError::BallotOpen) => "A ballot on this document is open: close it first.".into(),
        (Lang::Ru, AppError::NotConfirmed) => "Подтвердите переход, отметив флажок.".into(),
        (Lang::En, AppError::NotConfirmed) => "Confirm the move by ticking the box.".into(),
        (Lang::Ru, AppError::TableRowAmendment) => {
            "Строку таблицы правят в редакторе, а не поправкой: выберите пункт с текстом или оставьте комментарий к строке."
                .into()
        }
        (Lang::En, AppError::TableRowAmendment) => {
            "A table's row is changed in the editor, not by an amendment: choose an item with text, or comment on the row."
                .into()
        }
        (Lang::Ru, AppError::Unexpected) => {
            "Внутренняя ошибка сервера. Ничего не сохранено; попробуйте ещё раз.".into()
        }
        (Lang::En, AppError::Unexpected) => "Internal server error. Nothing was saved; please try again.".into(),
        (Lang::Ru, AppError::StoreUnavailable) => {
            "Хранилище данных сейчас недоступно: ничего не изменено. Сервер подключится к нему сам, когда оно вернётся; повторите через минуту.".into()
        }
        (Lang::Ru, AppError::StoreSilent) => {
            "Хранилище данных перестало отвечать во время запроса. Если это было изменение, оно может сохраниться, когда хранилище вернётся: через минуту проверьте, прежде чем повторять.".into()
        }
        (Lang::En, AppError::StoreSilent) => {
            "The data store stopped answering during the request. If it was a change, it may still be saved when the store is back: check in a minute before trying again.".into()
        }
        (Lang::En, AppError::StoreUnavailable) => {
            "The data store cannot be reached just now: nothing was changed. The server reconnects by itself when it is back; try again in a minute.".into()
        }
        (Lang::Ru, AppError::Transport(_)) => {
            "Нет связи с сервером. Проверьте подключение и попробуйте ещё раз.".into()
        }
        (Lang::En, AppError::Transport(_)) => "Could not reach the server. Check the connection and try again.".into(),
        (Lang::Ru, AppError::Malformed(_)) => {
            "Форма не прочитана: она устарела или заполнена не вся. Обновите страницу и отправьте её снова.".into()
        }
        (Lang::En, AppError::Malformed(_)) => {
            "The form could not be read: it is out of date or incomplete. Reload the page and send it again.".into()
        }
        (Lang::Ru, AppError::Unreadable(_)) => {
            "Страница и сервер не поняли друг друга: скорее всего, Accord обновился, пока страница была открыта. Обновите страницу.".into()
        }
        (Lang::En, AppError::Unreadable(_)) => {
            "This page and the server did not understand each other: Accord was most likely updated while the page was open. Reload the page.".into()
        }
    }
}

pub fn warning_message(lang: Lang, w: &WarningKind) -> String {
    match (lang, w) {
        (Lang::Ru, WarningKind::NegativeNumber { value }) => {
            format!("Число «{value}» записано со знаком минус; прочитано как {}.", value.unsigned_abs())
        }
        (Lang::En, WarningKind::NegativeNumber { value }) => {
            format!("The number “{value}” has a minus sign; read as {}.", value.unsigned_abs())
        }
        (Lang::Ru, WarningKind::CategorySumMismatch { total, sum }) => {
            format!("Сумма по категориям ({sum}) не равна общему числу участников ({total}).")
        }
        (Lang::En, WarningKind::CategorySumMismatch { total, sum }) => {
            format!("The categories add up to {sum}, not to the total of {total} participants.")
        }
        (Lang::Ru, WarningKind::IncompleteWording { phrase }) => {
            format!("В формулировке «{phrase}», похоже, пропущено слово.")
        }
        (Lang::En, WarningKind::IncompleteWording { phrase }) => {
            format!("The wording “{phrase}” seems to lack a word.")
        }
        (Lang::Ru, WarningKind::UnknownCategory { phrase }) => {
            format!("Категория «{phrase}» не распознана; учтена как «другие».")
        }
        (Lang::En, WarningKind::UnknownCategory { phrase }) => {
            format!("The category “{phrase}” was not recognised; counted as “others”.")
        }
        (Lang::Ru, WarningKind::NoHeading { guessed }) => format!(
            "В тексте нет заголовка с видом документа; вид определён по тексту: «{}». Проверьте его ниже.",
            document_kind(Lang::Ru, *guessed)
        ),
        (Lang::En, WarningKind::NoHeading { guessed }) => format!(
            "The text has no heading naming its kind; the kind was guessed from the text: “{}”. Check it below.",
            document_kind(Lang::En, *guessed)
        ),
        (Lang::Ru, WarningKind::NoTitle) => {
            "Не найдено ни название мероприятия, ни тема: укажите название ниже.".into()
        }
        (Lang::En, WarningKind::NoTitle) => {
            "Neither an event title nor a subject was found: give a title below.".into()
        }
        (Lang::Ru, WarningKind::NoDate) => {
            "Не найдена дата: укажите её ниже, иначе мероприятие получит сегодняшнюю.".into()
        }
        (Lang::En, WarningKind::NoDate) => "No date was found: give one below, or the event gets today’s.".into(),
        (Lang::Ru, WarningKind::NoPlace) => "Не найдено место проведения: его можно указать ниже.".into(),
        (Lang::En, WarningKind::NoPlace) => "No place was found: you can give it below.".into(),
        (Lang::Ru, WarningKind::RaggedTable) => {
            "Ячеек таблицы не хватило на последнюю строку: она дополнена пустыми ячейками.".into()
        }
        (Lang::En, WarningKind::RaggedTable) => {
            "The table’s cells did not fill its last row: empty cells were added.".into()
        }
        (Lang::Ru, WarningKind::UnreadVote) => {
            "Строка похожа на итоги голосования, но числа не прочитаны; оставлена как текст.".into()
        }
        (Lang::En, WarningKind::UnreadVote) => {
            "The line looks like a vote result, but its counts could not be read; kept as text.".into()
        }
        (Lang::Ru, WarningKind::SecondVote) => "Второй итог голосования: учтён первый, этот оставлен как текст.".into(),
        (Lang::En, WarningKind::SecondVote) => {
            "A second vote result: the first one counts, this one is kept as text.".into()
        }
    }
}

pub fn format_date(lang: Lang, d: accord_domain::Date) -> String {
    match lang {
        Lang::Ru => d.russian(),
        Lang::En => d.english(),
    }
}

pub fn format_dates(lang: Lang, start: Option<accord_domain::Date>, end: Option<accord_domain::Date>) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!("{} — {}", format_date(lang, s), format_date(lang, e)),
        (Some(s), None) => format_date(lang, s),
        _ => String::new(),
    }
}

pub fn role(lang: Lang, r: accord_domain::Role) -> &'static str {
    use accord_domain::Role;
    match (lang, r) {
        (Lang::Ru, Role::Organiser) => "организатор",
        (Lang::Ru, Role::Delegate) => "делегат",
        (Lang::Ru, Role::Observer) => "наблюдатель",
        (Lang::En, Role::Organiser) => "organiser",
        (Lang::En, Role::Delegate) => "delegate",
        (Lang::En, Role::Observer) => "observer",
    }
}

/// What an audit log entry's action was, as a sentence.
pub fn audit_action(lang: Lang, action: accord_domain::audit::AuditAction) -> &'static str {
    use accord_domain::audit::AuditAction;
    let (ru, en) = match action {
        AuditAction::SignUp => ("Зарегистрирована учётная запись", "Signed up"),
        AuditAction::SignIn => ("Вход в систему", "Signed in"),
        AuditAction::SignOut => ("Выход из системы", "Signed out"),
        AuditAction::ChangePassword => ("Изменён пароль", "Changed the password"),
        AuditAction::DeleteAccount => ("Удалена учётная запись", "Deleted the account"),
        AuditAction::CreateEvent => ("Создано мероприятие", "Created the event"),
        AuditAction::StartDraft => ("Начат проект документа", "Started a draft document"),
        AuditAction::Import => ("Импортирован документ", "Imported a document"),
        AuditAction::Edit => ("Изменён текст документа", "Edited a document's text"),
        AuditAction::UseRegister => {
            ("Статистика документа взята из списка участников", "Took a document's statistics from the register")
        }
        AuditAction::Invite => ("Создано приглашение", "Created an invitation"),
        AuditAction::RevokeInvitation => ("Отозвано приглашение", "Revoked an invitation"),
        AuditAction::Join => ("Вступление в мероприятие по приглашению", "Joined the event by invitation"),
        AuditAction::AddMember => ("Добавлен участник", "Added a member"),
        AuditAction::UpdateMember => ("Изменены данные участника", "Changed a member's details"),
        AuditAction::RemoveMember => ("Удалён участник", "Removed a member"),
        AuditAction::ObserversComment => {
            ("Изменено право наблюдателей комментировать", "Changed whether observers may comment")
        }
        AuditAction::Comment => ("Добавлен комментарий", "Added a comment"),
        AuditAction::CommentEdit => ("Изменён комментарий", "Edited a comment"),
        AuditAction::CommentDelete => ("Удалён комментарий", "Deleted a comment"),
        AuditAction::CommentResolve => ("Обсуждение отмечено как решённое", "Resolved a thread"),
        AuditAction::CommentReopen => ("Обсуждение открыто снова", "Reopened a thread"),
        AuditAction::CommentHide => ("Комментарий скрыт модератором", "Hid a comment"),
        AuditAction::Amendment => ("Предложена поправка", "Proposed an amendment"),
        AuditAction::AmendmentAccept => ("Поправка принята", "Accepted an amendment"),
        AuditAction::AmendmentReject => ("Поправка отклонена", "Rejected an amendment"),
        AuditAction::Version => ("Зафиксирована версия текста", "Froze a version of the text"),
        AuditAction::Stage => ("Документ переведён на другой этап", "Moved a document to another stage"),
        AuditAction::BallotOpened => ("Открыто голосование", "Opened a ballot"),
        AuditAction::Present => ("Участник отмечен как присутствующий", "Marked a member present"),
        AuditAction::NotPresent => ("Снята отметка о присутствии", "Unmarked a member as present"),
        AuditAction::Hands => ("Внесены итоги голосования поднятием рук", "Recorded a show of hands"),
        AuditAction::BallotClosed => ("Голосование закрыто", "Closed a ballot"),
        AuditAction::RecommendationStatus => ("Изменено состояние рекомендации", "Changed a recommendation's status"),
        AuditAction::Unrecognised => ("Действие", "Action"),
    };
    match lang {
        Lang::Ru => ru,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn the_language_cookie_chooses_the_language() {
        assert_eq!(Lang::from_cookie_header("accord_session=abc; lang=en"), Lang::En);
        assert_eq!(Lang::from_cookie_header("lang=EN"), Lang::En);
        assert_eq!(Lang::from_cookie_header("lang=ru; lang=en"), Lang::Ru);
        assert_eq!(Lang::from_cookie_header("xlang=en"), Lang::Ru);
        assert_eq!(Lang::from_cookie_header(""), Lang::Ru);
    }
}

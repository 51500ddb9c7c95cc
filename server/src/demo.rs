//! Demo content for a first start, telling the whole path: the fixture seminar adopted and public; a round
//! table whose draft is being written, with its members and first comments; and public hearings whose
//! recommendations are under review (an open amendment) and whose resolution is being voted on.

use accord_domain::ballot::{Choice, Majority, Rules, Subject};
use accord_domain::discussion::Change;
use accord_domain::{
    Date, Document, DocumentKind, Event, EventKind, Header, Mover, ParticipantCategory, Profile, Role, SectionKind,
    State,
};
use anyhow::anyhow;
use app::ids::{DocumentId, EventId};
use app::model::UserRow;
use app::store::comments::NewComment;
use app::store::Store;

pub use app::demo::{DEMO_ACCOUNTS, DEMO_PASSWORD};

/// The demo organiser's account, for trying Accord locally; printed in the README.
pub const DEMO_EMAIL: &str = DEMO_ACCOUNTS[0].0;

/// The other members of the demo events, one or two of each category; their accounts have passwords
/// nobody knows.
const MEMBERS: [(&str, &str, ParticipantCategory, Role); 10] = [
    ("Алексей Кузнецов", "Министерство экономики Амурской области", ParticipantCategory::StateBody, Role::Delegate),
    ("Ольга Белова", "Администрация г. Благовещенска", ParticipantCategory::MunicipalAuthority, Role::Delegate),
    ("Сергей Волков", "Администрация Мазановского района", ParticipantCategory::MunicipalAuthority, Role::Delegate),
    ("Наталья Зайцева", "МКУ «Центр молодёжных инициатив»", ParticipantCategory::MunicipalInstitution, Role::Delegate),
    ("Елена Морозова", "АНО «Ресурсный центр НКО»", ParticipantCategory::Ngo, Role::Delegate),
    ("Дмитрий Попов", "ТОС «Северный»", ParticipantCategory::Ngo, Role::Delegate),
    ("Анна Лебедева", "ООО «Амурстрой»", ParticipantCategory::Business, Role::Delegate),
    ("Михаил Соколов", "Амурский государственный университет", ParticipantCategory::ScienceEducation, Role::Observer),
    ("Татьяна Новикова", "ЕАО, Ресурсный центр", ParticipantCategory::Guest, Role::Observer),
    ("Виктор Егоров", "житель г. Благовещенска", ParticipantCategory::Other, Role::Observer),
];

pub const FIXTURE: &str = include_str!("../../app/domain/tests/fixtures/seminar-2021-blagoveshchensk.md");

/// The demo accounts that still have the demo password, for the sign-in page.
pub async fn accounts_with_demo_password(store: &Store) -> Result<app::demo::DemoAccounts, app::error::AppError> {
    let mut found = Vec::new();
    for (email, name, role) in DEMO_ACCOUNTS {
        if let Some((_, hash)) = store.user_by_email(email).await? {
            if app::auth::verify_password(DEMO_PASSWORD, &hash) {
                found.push(app::model::DemoAccount { email: email.into(), name: name.into(), role });
            }
        }
    }
    Ok(app::demo::DemoAccounts(found))
}

fn failed(e: app::error::AppError) -> anyhow::Error {
    anyhow!("demo content: {e}")
}

pub async fn seed_if_empty(store: &Store) -> anyhow::Result<()> {
    if !store.is_empty().await.map_err(failed)? {
        return Ok(());
    }
    let demo_hash = app::auth::hash_password(DEMO_PASSWORD)?;
    let mut people = Vec::new();
    for (email, name, _) in DEMO_ACCOUNTS {
        let id = store.create_user(email, name, &demo_hash).await.map_err(failed)?;
        people.push(UserRow { id, email: email.into(), name: name.into() });
    }
    let unknown = app::auth::hash_password(&app::auth::new_token())?;
    for (k, (name, _, _, _)) in MEMBERS.iter().enumerate() {
        let email = format!("member{}@accord.local", k + 1);
        let id = store.create_user(&email, name, &unknown).await.map_err(failed)?;
        people.push(UserRow { id, email, name: (*name).into() });
    }
    let organiser = people[0].clone();
    app::services::imports::import_document(store, FIXTURE, &Default::default(), None, Some(&organiser))
        .await
        .map_err(failed)?;

    let round_table = Event {
        kind: EventKind::RoundTable,
        title: "Поддержка территориального общественного самоуправления в Амурской области".into(),
        starts_on: Date::new(2026, 12, 10).expect("a valid date"),
        ends_on: None,
        city: "Благовещенск".into(),
        organiser: "Ресурсный центр поддержки НКО Амурской области".into(),
        description: "Обсуждение проекта рекомендаций по поддержке ТОС: финансирование, обучение актива, \
                      взаимодействие с органами местного самоуправления."
            .into(),
    };
    let doc = recommendations(
        &round_table,
        &["в области действует более 300 органов ТОС;"],
        &["недостаточное финансирование проектов ТОС;", "нехватка обученного актива."],
        &[
            "Министерству экономики и внешних связей предусмотреть конкурс грантов для ТОС.",
            "Органам местного самоуправления провести обучающие семинары для актива ТОС.",
        ],
    )?;
    let (event, draft) = store
        .create_event_with_document(&round_table, Some(&organiser), State::Drafting, false, &doc, None)
        .await
        .map_err(failed)?;
    add_members(store, &event, &people).await?;
    let items = recommendation_items(&doc);
    let thread = comment(store, &draft, &items[0], &people[1], "Стоит указать размер грантов и сроки конкурса.")
        .on_words("конкурс грантов")
        .post()
        .await?;
    comment(store, &draft, &items[0], &organiser, "Согласна, уточним после расчётов министерства.")
        .reply_to(&thread)
        .post()
        .await?;
    comment(store, &draft, &items[1], &people[7], "Предлагаю добавить: «не реже двух раз в год».")
        .on_words("обучающие семинары")
        .proposal(true)
        .post()
        .await?;

    let hearings = Event {
        kind: EventKind::PublicHearing,
        title: "Проект программы «Формирование комфортной городской среды» на 2027–2030 годы".into(),
        starts_on: Date::new(2026, 11, 25).expect("a valid date"),
        ends_on: None,
        city: "Благовещенск".into(),
        organiser: "Администрация г. Благовещенска".into(),
        description: "Публичные слушания по проекту муниципальной программы благоустройства: дворы, \
                      общественные пространства, доступная среда."
            .into(),
    };
    let doc = recommendations(
        &hearings,
        &["в слушаниях приняли участие жители шести микрорайонов города;"],
        &["во дворах не хватает детских и спортивных площадок;", "не все остановки доступны маломобильным гражданам."],
        &[
            "Администрации города включить в программу благоустройство 40 дворовых территорий.",
            "Администрации города обустроить пандусы на остановках общественного транспорта.",
            "Управлению ЖКХ ежегодно публиковать отчёт о ходе программы.",
        ],
    )?;
    let (event, review) = store
        .create_event_with_document(&hearings, Some(&organiser), State::Review, false, &doc, None)
        .await
        .map_err(failed)?;
    add_members(store, &event, &people).await?;
    let items = recommendation_items(&doc);
    let first = doc.find_item(&items[0]).map(|(_, i)| i.text.clone()).unwrap_or_default();
    let change = Change::Replace {
        item: items[0].clone(),
        text: "включить в программу благоустройство не менее 60 дворовых территорий.".into(),
    };
    let why = "По данным опроса жителей, в ремонте нуждаются 64 двора.";
    let amendment = store.add_amendment(&review, &change, &first, why, &people[5]).await.map_err(failed)?;
    comment(store, &review, &items[0], &people[4], "Нужно свериться с бюджетом на 2027 год.")
        .on_amendment(&amendment)
        .post()
        .await?;

    let mut resolution = recommendations(
        &hearings,
        &[],
        &[],
        &["Одобрить проект программы с учётом рекомендаций участников слушаний."],
    )?;
    resolution.header.kind = DocumentKind::Resolution;
    resolution.header.doc_kind = "РЕЗОЛЮЦИЯ".into();
    let voting = store.create_document(&event, State::Review, false, &resolution, None).await.map_err(failed)?;
    let step = State::Review.move_to(State::Voting, Mover::Organiser).map_err(|e| anyhow!("demo content: {e:?}"))?;
    let frozen = accord_domain::version::freeze(&resolution, 1);
    store.freeze(&voting, step, &frozen, 0, &organiser.name).await.map_err(failed)?;
    let rules = Rules { secret: false, quorum: 50, majority: Majority::OfCast, revote: true, live: true };
    let ballot = store
        .open_ballot(&app::store::ballots::NewBallot {
            document: &voting,
            event: &event,
            version: 1,
            subject: Subject::Document,
            subject_ref: "",
            subject_text: &resolution.header.title,
            rules,
            closes_in_minutes: None,
            opened_by: &organiser.name,
        })
        .await
        .map_err(failed)?;
    // Some have voted; the demo delegate and others have not yet.
    let votes = [(3, Choice::For), (4, Choice::For), (5, Choice::For), (6, Choice::Against), (8, Choice::Abstain)];
    for (k, choice) in votes {
        store.cast(&ballot, &people[k].id, choice).await.map_err(failed)?;
    }
    tracing::info!("the store was empty: demo content added");
    Ok(())
}

/// A blank document of the kind «рекомендации» for `event`, with these findings, problems and
/// recommendations (an addressee at the head of a recommendation is read as its addressee).
fn recommendations(event: &Event, findings: &[&str], problems: &[&str], recs: &[&str]) -> anyhow::Result<Document> {
    let mut rng = fastrand::Rng::new();
    let mut doc = Document::blank(Header::for_event(event, DocumentKind::Recommendations), &mut rng);
    let sections: Vec<_> = doc.sections.iter().map(|s| (s.kind, s.id.clone())).collect();
    for (kind, id) in sections {
        let texts = match kind {
            SectionKind::Findings => findings,
            SectionKind::Problems => problems,
            SectionKind::Recommendations => recs,
            _ => &[],
        };
        for text in texts {
            let item = doc.add_item(&id, text, &mut rng).map_err(|e| anyhow!("demo content: {e}"))?;
            if let Some((addressee, rest)) = accord_domain::importer::split_addressee(text) {
                doc.set_item(&item, &rest, &addressee).map_err(|e| anyhow!("demo content: {e}"))?;
            }
        }
    }
    Ok(doc)
}

fn recommendation_items(doc: &Document) -> Vec<accord_domain::ItemId> {
    doc.sections
        .iter()
        .filter(|s| s.kind == SectionKind::Recommendations)
        .flat_map(|s| s.items.iter().map(|i| i.id.clone()))
        .collect()
}

/// The demo accounts with their roles, and the other members with theirs, in both events.
async fn add_members(store: &Store, event: &EventId, people: &[UserRow]) -> anyhow::Result<()> {
    let demo =
        DEMO_ACCOUNTS.iter().map(|(_, _, role)| (*role, "Ресурсный центр поддержки НКО", ParticipantCategory::Ngo));
    let others = MEMBERS.iter().map(|(_, organisation, category, role)| (*role, *organisation, *category));
    for (person, (role, organisation, category)) in people.iter().zip(demo.chain(others)) {
        let profile = Profile {
            full_name: person.name.clone(),
            organisation: organisation.into(),
            category,
            region: "Амурская область".into(),
            speaker: false,
            discussion: true,
            public_name: false,
        };
        // The creator of an event is its organiser already.
        match store.add_member(event, &person.id, role, &profile).await {
            Ok(_) | Err(app::error::AppError::AlreadyMember) => {}
            Err(e) => return Err(failed(e)),
        }
    }
    Ok(())
}

/// A comment of the demo, written as its builder reads.
struct DemoComment<'a> {
    store: &'a Store,
    document: &'a DocumentId,
    item: String,
    author: &'a UserRow,
    body: &'a str,
    parent: Option<app::ids::CommentId>,
    amendment: Option<app::ids::AmendmentId>,
    proposal: bool,
    /// The words of the item it is about, highlighted in the text.
    quote: &'a str,
}

fn comment<'a>(
    store: &'a Store,
    document: &'a DocumentId,
    item: &accord_domain::ItemId,
    author: &'a UserRow,
    body: &'a str,
) -> DemoComment<'a> {
    DemoComment {
        store,
        document,
        item: item.to_string(),
        author,
        body,
        parent: None,
        amendment: None,
        proposal: false,
        quote: "",
    }
}

impl<'a> DemoComment<'a> {
    fn proposal(mut self, proposal: bool) -> Self {
        self.proposal = proposal;
        self
    }

    fn reply_to(mut self, parent: &app::ids::CommentId) -> Self {
        self.parent = Some(parent.clone());
        self
    }

    fn on_words(mut self, quote: &'a str) -> Self {
        self.quote = quote;
        self
    }

    fn on_amendment(mut self, amendment: &app::ids::AmendmentId) -> Self {
        self.amendment = Some(amendment.clone());
        self
    }

    async fn post(self) -> anyhow::Result<app::ids::CommentId> {
        let anchor = match self.quote {
            "" => None,
            quote => {
                let (shared, _) =
                    self.store.shared_text(self.document).await.and_then(|s| s.to_doc()).map_err(failed)?;
                let item =
                    accord_domain::ItemId::parse(&self.item).ok_or_else(|| anyhow!("demo content: an item id"))?;
                Some(app::services::discussion::anchor_words(&shared, &item, 0, quote).map_err(failed)?.0)
            }
        };
        let new = NewComment {
            document: self.document,
            item: &self.item,
            parent: self.parent.as_ref(),
            amendment: self.amendment.as_ref(),
            anchor: anchor.as_ref(),
            quote: self.quote,
            body: self.body,
            proposal: self.proposal,
        };
        self.store.add_comment(new, self.author).await.map_err(failed)
    }
}

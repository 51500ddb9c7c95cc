//! The one error type of the application: what a user can be told, in their language, and nothing internal.

#[cfg(feature = "ssr")]
mod refusal;
#[cfg(feature = "ssr")]
pub use refusal::Refusal;

use accord_domain::document::EditError;
use accord_domain::lifecycle::State;
use accord_domain::text::{FieldError, Problem};
use serde::{Deserialize, Serialize};
use server_fn::error::{FromServerFnError, ServerFnErrorErr};
use server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// A form field is empty, too long or malformed.
    #[error("поле «{}» заполнено неверно", .0.field)]
    Invalid(FieldError),
    /// No event, document or import with that id.
    #[error("не найдено")]
    NotFound,
    /// An uploaded or pasted text that is not UTF-8.
    #[error("файл не является текстом в кодировке UTF-8")]
    NotUtf8,
    /// An upload over the size limit.
    #[error("файл больше {max_kb} КБ")]
    TooLarge { max_kb: usize },
    /// A text to import with nothing in it.
    #[error("текст пуст")]
    EmptyText,
    /// An uploaded file that cannot be read as a document.
    #[error("файл не прочитан: {0:?}")]
    UnreadableFile(FileProblem),
    /// Someone saved the document after this form was opened.
    #[error("документ изменён другим участником")]
    Conflict,
    /// The document's stage does not allow this change.
    #[error("документ нельзя изменить на этапе {0:?}")]
    NotEditable(State),
    /// The action needs a signed-in user.
    #[error("войдите в систему")]
    Unauthenticated,
    /// The caller's role does not allow the action.
    #[error("недостаточно прав")]
    Forbidden,
    /// A document not yet decided (so not public), asked for by someone who is not a member of its event.
    #[error("до решения — только для участников мероприятия")]
    MembersOnly { signed_in: bool },
    /// Sign-up with an e-mail that already has an account.
    #[error("адрес уже зарегистрирован")]
    EmailTaken,
    /// A wrong password or an unknown e-mail: the same answer for both.
    #[error("неверный адрес или пароль")]
    BadCredentials,
    /// Too many sign-in or sign-up attempts from one address or for one account.
    #[error("слишком много попыток")]
    TooManyAttempts,
    /// An invitation past its expiry.
    #[error("срок приглашения истёк")]
    InvitationExpired,
    /// An invitation the organisers revoked.
    #[error("приглашение отозвано")]
    InvitationRevoked,
    /// Joining or adding someone who is already a member of the event.
    #[error("уже участник")]
    AlreadyMember,
    /// Adding by e-mail someone who has no account.
    #[error("нет учётной записи с таким адресом")]
    NoSuchAccount,
    /// Removing or demoting the event's last organiser.
    #[error("последний организатор")]
    LastOrganiser,
    /// A comment or amendment about an item that has been deleted.
    #[error("пункт удалён")]
    ItemGone,
    /// The words selected for a comment are no longer in the item.
    #[error("выделенный текст изменился")]
    QuoteMoved,
    /// An amendment that would not change the text.
    #[error("поправка не меняет текст")]
    NoChange,
    /// A comment or amendment someone else decided or changed first.
    #[error("уже решено")]
    AlreadyDecided,
    /// A ballot with nobody who may vote (the event has no organisers or delegates).
    #[error("некому голосовать")]
    NoVoters,
    /// A second vote by the same person in one ballot.
    #[error("голос уже подан")]
    AlreadyVoted,
    /// A vote by someone who was not among the electors when the ballot opened.
    #[error("нет права голоса")]
    NotEligible,
    /// A vote or a count on a ballot that has closed.
    #[error("голосование закрыто")]
    BallotClosed,
    /// A show of hands with more hands than voters present in the room.
    #[error("голосов больше, чем присутствующих")]
    TooManyHands { present: u32 },
    /// A second ballot on the whole document while one is open.
    #[error("голосование по документу уже идёт")]
    BallotOpen,
    /// A stage move sent without its confirmation.
    #[error("переход не подтверждён")]
    NotConfirmed,
    /// An amendment to a table's row: rows are edited in the editor.
    #[error("строка таблицы не изменяется поправкой")]
    TableRowAmendment,
    /// A failure the user cannot act on; its cause is in the server log.
    #[error("внутренняя ошибка сервера")]
    Unexpected,
    /// The database server cannot be reached: nothing was written, and the server reconnects by itself.
    #[error("хранилище недоступно")]
    StoreUnavailable,
    /// The database server stopped answering after the request was sent: it may still be carried out when the
    /// server returns.
    #[error("хранилище не ответило")]
    StoreSilent,
    /// The request did not reach the server function or its answer could not be read.
    #[error("ошибка связи с сервером: {0}")]
    Transport(String),
    /// A request whose fields do not read as the function's (one missing, or not of its type): a page from an
    /// older version, or not from a page at all.
    #[error("запрос не прочитан: {0}")]
    Malformed(String),
    /// Bytes read by position (postcard) that did not read: an answer the page could not read
    /// (`server_fns::Answer`), or arguments the server could not (a function taking postcard). A page loaded
    /// before the server was updated cannot read, or write, a type that changed: reloading it helps.
    #[error("данные не прочитаны: {0}")]
    Unreadable(String),
}

/// Why an uploaded file could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileProblem {
    /// A damaged Word or OpenDocument file.
    Corrupt,
    /// Protected with a password.
    Encrypted,
    /// The old Word format (.doc).
    LegacyWord,
    /// Not a text, Word or OpenDocument file (a PDF, an image, a spreadsheet).
    Unsupported,
}

impl AppError {
    pub fn invalid(field: &str, problem: Problem) -> AppError {
        AppError::Invalid(FieldError::new(field, problem))
    }

    /// A failure the person cannot act on: its cause goes to the server log, they are told only that it
    /// happened.
    pub fn unexpected(context: &str, cause: impl std::fmt::Display) -> AppError {
        tracing::error!(%cause, "{context}");
        AppError::Unexpected
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid(_) | AppError::NotUtf8 | AppError::EmptyText => 400,
            AppError::UnreadableFile(_) => 415,
            AppError::Unauthenticated | AppError::BadCredentials => 401,
            AppError::Forbidden | AppError::MembersOnly { signed_in: true } => 403,
            AppError::MembersOnly { signed_in: false } => 401,
            AppError::NoSuchAccount => 404,
            AppError::EmailTaken | AppError::AlreadyMember | AppError::LastOrganiser => 409,
            AppError::InvitationExpired | AppError::InvitationRevoked => 410,
            AppError::TooManyAttempts => 429,
            AppError::TooLarge { .. } => 413,
            AppError::NotFound => 404,
            AppError::Conflict | AppError::NotEditable(_) | AppError::AlreadyDecided => 409,
            AppError::AlreadyVoted | AppError::BallotClosed | AppError::BallotOpen => 409,
            AppError::NotEligible => 403,
            AppError::NoVoters | AppError::TooManyHands { .. } | AppError::NotConfirmed => 400,
            AppError::ItemGone => 410,
            AppError::QuoteMoved | AppError::NoChange => 409,
            AppError::TableRowAmendment | AppError::Malformed(_) | AppError::Unreadable(_) => 400,
            AppError::Unexpected | AppError::Transport(_) => 500,
            AppError::StoreUnavailable => 503,
            // A gateway's time-out rather than «try again»: the request may yet be carried out.
            AppError::StoreSilent => 504,
        }
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> AppError {
        AppError::Invalid(e)
    }
}

impl From<EditError> for AppError {
    fn from(e: EditError) -> AppError {
        match e {
            EditError::UnknownId(_) => AppError::NotFound,
            EditError::Invalid(f) => AppError::Invalid(f),
            EditError::TooManyItems => {
                AppError::invalid("items", Problem::TooLong { max: accord_domain::document::ITEMS_MAX })
            }
        }
    }
}

impl From<accord_domain::discussion::AmendError> for AppError {
    fn from(e: accord_domain::discussion::AmendError) -> AppError {
        use accord_domain::discussion::AmendError;
        match e {
            AmendError::NoItem => AppError::ItemGone,
            AmendError::NoChange => AppError::NoChange,
            AmendError::TableRow => AppError::TableRowAmendment,
            AmendError::Invalid(f) => AppError::Invalid(f),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = RefusalEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::Malformed(value.to_string()),
            ServerFnErrorErr::Deserialization(_) => AppError::Unreadable(value.to_string()),
            value => AppError::Transport(value.to_string()),
        }
    }
}

/// How a refusal travels: postcard, like answers (`server_fns::Answer`), so that no page needs a JSON reader
/// to learn why it was refused (JSON's reader of this one type was most of `serde_json` in the main module).
/// Unlike an answer, a refusal must be read to its last byte: an error page from something between the browser
/// and the server (a proxy's «502 Bad Gateway») must not pass for one, and the format reads by position.
pub struct RefusalEncoding;

impl ContentType for RefusalEncoding {
    const CONTENT_TYPE: &'static str = "application/x-postcard";
}

impl FormatType for RefusalEncoding {
    const FORMAT_TYPE: Format = Format::Binary;
}

impl Encodes<AppError> for RefusalEncoding {
    type Error = postcard::Error;

    fn encode(error: &AppError) -> Result<Bytes, postcard::Error> {
        postcard::to_allocvec(error).map(Bytes::from)
    }
}

impl Decodes<AppError> for RefusalEncoding {
    type Error = postcard::Error;

    fn decode(bytes: Bytes) -> Result<AppError, postcard::Error> {
        match postcard::take_from_bytes(&bytes)? {
            (error, []) => Ok(error),
            _ => Err(postcard::Error::DeserializeBadEncoding),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every refusal reads back as itself; a body that is not one whole refusal reads as none.
    #[test]
    fn a_refusal_reads_back_and_nothing_else_passes_for_one() {
        for error in [
            AppError::invalid("title", Problem::TooLong { max: 300 }),
            AppError::MembersOnly { signed_in: true },
            AppError::NotEditable(State::Voting),
            AppError::Malformed("поле".into()),
        ] {
            assert_eq!(AppError::de(AppError::ser(&error)), error);
        }
        for body in [&b"Bad Gateway"[..], b"", b"<html>", b"\x01\x02\x03"] {
            let read = RefusalEncoding::decode(Bytes::from_static(body));
            assert!(read.is_err(), "{body:?} read as {read:?}");
            assert!(matches!(AppError::de(Bytes::from_static(body)), AppError::Unreadable(_)));
        }
    }

    /// A page older than the server reads an answer whose type lost a field: postcard cannot, and the person is
    /// told to reload rather than to check their connection.
    #[test]
    fn an_answer_of_a_changed_type_asks_for_a_reload() {
        #[derive(Serialize)]
        struct Now {
            title: String,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Then {
            title: String,
            count: u64,
        }
        let answer = postcard::to_allocvec(&Now { title: "Резолюция".into() }).unwrap();
        let read = postcard::from_bytes::<Then>(&answer).unwrap_err();
        let error = AppError::from_server_fn_error(ServerFnErrorErr::Deserialization(read.to_string()));
        assert!(matches!(error, AppError::Unreadable(_)), "{error:?}");
        assert!(crate::i18n::error_message(crate::i18n::Lang::Ru, &error).contains("Обновите страницу"));
    }
}

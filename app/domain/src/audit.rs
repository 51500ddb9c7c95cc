//! What the audit log records: one kind of action per entry, stored as the word it has always been stored as.

use serde::{Deserialize, Serialize};

macro_rules! audit_actions {
    ($($variant:ident = $code:literal,)*) => {
        /// An entry's action. The stored words are the serde names; `Unrecognised` reads a word this version
        /// does not know instead of failing the whole log.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum AuditAction {
            $(#[serde(rename = $code)] $variant,)*
            #[serde(other)]
            Unrecognised,
        }

        impl AuditAction {
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant,)*];

            pub fn code(self) -> &'static str {
                match self {
                    $(AuditAction::$variant => $code,)*
                    AuditAction::Unrecognised => "unrecognised",
                }
            }
        }
    };
}

audit_actions! {
    SignUp = "sign_up",
    SignIn = "sign_in",
    SignOut = "sign_out",
    ChangePassword = "change_password",
    DeleteAccount = "delete_account",
    CreateEvent = "create_event",
    StartDraft = "start_draft",
    Import = "import",
    Edit = "edit",
    UseRegister = "use_register",
    Invite = "invite",
    RevokeInvitation = "revoke_invitation",
    Join = "join",
    AddMember = "add_member",
    UpdateMember = "update_member",
    RemoveMember = "remove_member",
    ObserversComment = "observers_comment",
    Comment = "comment",
    CommentEdit = "comment_edit",
    CommentDelete = "comment_delete",
    CommentResolve = "comment_resolve",
    CommentReopen = "comment_reopen",
    CommentHide = "comment_hide",
    Amendment = "amendment",
    AmendmentAccept = "amendment_accept",
    AmendmentReject = "amendment_reject",
    Version = "version",
    Stage = "stage",
    BallotOpened = "ballot_opened",
    Present = "present",
    NotPresent = "not_present",
    Hands = "hands",
    BallotClosed = "ballot_closed",
    RecommendationStatus = "recommendation_status",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_action_is_stored_as_its_word_and_read_back() {
        for &action in AuditAction::ALL {
            let stored = serde_json::to_value(action).unwrap();
            assert_eq!(stored, serde_json::Value::String(action.code().into()));
            assert_eq!(serde_json::from_value::<AuditAction>(stored).unwrap(), action);
        }
        assert_eq!(serde_json::from_str::<AuditAction>("\"retired_word\"").unwrap(), AuditAction::Unrecognised);
    }
}

//! The demo's accounts: created with the demo content of a first start (`server::demo`), and listed on the
//! sign-in page while they still have the demo password (checked when the server starts), so that a
//! newcomer can try each role and an installation whose administrator changed them does not show them.

use accord_domain::Role;

pub const DEMO_PASSWORD: &str = "accord-demo";

/// E-mail, name and role in the demo events.
pub const DEMO_ACCOUNTS: [(&str, &str, Role); 3] = [
    ("demo@accord.local", "Организатор (демо)", Role::Organiser),
    ("delegate@accord.local", "Ирина Смирнова (делегат, демо)", Role::Delegate),
    ("observer@accord.local", "Павел Орлов (наблюдатель, демо)", Role::Observer),
];

/// The demo accounts that have the demo password, found when the server started (server context).
#[derive(Clone, Debug, Default)]
pub struct DemoAccounts(pub Vec<crate::model::DemoAccount>);

//! The demo's accounts: created with the demo content of a first start (`server::demo`), and listed on the
//! sign-in page of a store that has them, so that a newcomer can try each role.

use accord_domain::Role;

pub const DEMO_PASSWORD: &str = "accord-demo";

/// E-mail, name and role in the demo events.
pub const DEMO_ACCOUNTS: [(&str, &str, Role); 3] = [
    ("demo@accord.local", "Организатор (демо)", Role::Organiser),
    ("delegate@accord.local", "Ирина Смирнова (делегат, демо)", Role::Delegate),
    ("observer@accord.local", "Павел Орлов (наблюдатель, демо)", Role::Observer),
];

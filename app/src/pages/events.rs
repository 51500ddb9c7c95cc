pub mod audit_page;
pub mod event_page;
pub mod join_page;
pub mod new_event_page;

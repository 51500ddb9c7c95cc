pub mod event_page;
pub mod new_event_page;

//! A form bound to a server function: a plain `<form method="post">` to the function's URL, so it works before
//! the page is hydrated and without script, and once hydrated it posts in the background and keeps the answer.
//!
//! Why not Leptos's `ActionForm`: it reads the form into the function's argument struct in the browser
//! (`serde_qs`) and writes the struct out again the same way to post it, so every form put a query-string reader
//! and writer of its arguments into the browser bundle, and the browser checked fields the server checks anyway.
//! Here the browser posts the fields as they are, in the encoding a form without script posts
//! (`application/x-www-form-urlencoded`), and the server reads both with its one reader; only the answer is
//! decoded in the browser.

use crate::server_fns::Answer;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use server_fn::client::Client;
use server_fn::codec::{FromRes, PostUrl};
use server_fn::error::{FromServerFnError, IntoAppError, ServerFnErrorErr, ServerFnUrlError};
use server_fn::request::ClientReq;
use server_fn::response::ClientRes;
use server_fn::{ContentType, Http, ServerFn};

/// A form's fields, URL-encoded as the browser posts them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormBody(pub String);

/// A post of a form's fields, with the form to settle once it is accepted (`form_fields::settle`) (a form written as HTML, which
/// stays in the page: see `components::morph`).
#[derive(Clone)]
pub struct Submission {
    body: FormBody,
    form: Option<SendWrapper<leptos::web_sys::HtmlFormElement>>,
}

type Outcome<S> = Result<<S as ServerFn>::Output, <S as ServerFn>::Error>;

/// The submissions of the forms bound to server function `S`: what `value`, `pending` and `version` tell, as
/// Leptos's `ServerAction` does. Created on the server too, where it picks up the refusal of a post made
/// without script (the server redirects back with it in the URL).
pub struct FormAction<S: ServerFn + 'static> {
    inner: Action<Submission, Outcome<S>>,
}

impl<S: ServerFn + 'static> Clone for FormAction<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S: ServerFn + 'static> Copy for FormAction<S> {}

impl<S: ServerFn + 'static> std::ops::Deref for FormAction<S> {
    type Target = Action<Submission, Outcome<S>>;

    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

impl<S> FormAction<S>
where
    S: ServerFn<Protocol = Http<PostUrl, Answer>> + 'static,
    S::Client: Client<S::Error>,
    S::Output: FromRes<Answer, <S::Client as Client<S::Error>>::Response, S::Error> + Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    pub fn new() -> Self {
        FormAction { inner: posting::<S::Client, S::Output, S::Error>(S::url(), S::PATH) }
    }
}

/// The action behind a `FormAction`: generic over what the answer holds, not over the server function, so
/// that the many functions answering `()` share one copy of the action's code in the browser bundle.
fn posting<C, O, E>(url: &'static str, path: &'static str) -> Action<Submission, Result<O, E>>
where
    C: Client<E>,
    O: FromRes<Answer, C::Response, E> + Send + Sync + 'static,
    E: FromServerFnError + Send + Sync + 'static,
{
    let refused = use_context::<leptos::server::ServerActionError>()
        .and_then(|error| (error.path() == path).then(|| Err(ServerFnUrlError::<E>::decode_err(error.err()))));
    let post = move |submission: &Submission| {
        let Submission { body, form } = submission.clone();
        async move {
            let outcome = post::<C, O, E>(url, body).await;
            #[cfg(not(feature = "ssr"))]
            if let (Ok(_), Some(form)) = (&outcome, form) {
                super::form_fields::settle(&form);
            }
            #[cfg(feature = "ssr")]
            let _ = form;
            outcome
        }
    };
    Action::new_with_value(refused, post)
}

impl<S> Default for FormAction<S>
where
    S: ServerFn<Protocol = Http<PostUrl, Answer>> + 'static,
    S::Client: Client<S::Error>,
    S::Output: FromRes<Answer, <S::Client as Client<S::Error>>::Response, S::Error> + Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    fn default() -> Self {
        Self::new()
    }
}

/// What `Http<PostUrl, Answer>` does on the client, from the encoded body instead of the argument struct: post,
/// read a refusal with the error's own decoder, else the answer, and follow a redirect.
async fn post<C, O, E>(url: &'static str, body: FormBody) -> Result<O, E>
where
    C: Client<E>,
    O: FromRes<Answer, C::Response, E>,
    E: FromServerFnError,
{
    let request = C::Request::try_new_post(url, PostUrl::CONTENT_TYPE, Answer::CONTENT_TYPE, body.0)?;
    let response = C::send(request).await?;
    let (status, location, redirects) = (response.status(), response.location(), response.has_redirect());
    let outcome = if (400..=599).contains(&status) {
        Err(E::de(response.try_into_bytes().await?))
    } else {
        Ok(O::from_res(response).await?)
    };
    if (300..=399).contains(&status) || redirects {
        server_fn::redirect::call_redirect_hook(&location);
    }
    outcome
}

impl<S> FormAction<S>
where
    S: ServerFn + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    /// The URL its forms post to.
    pub fn url(&self) -> &'static str {
        S::url()
    }

    /// Posts a submitted form's fields (`None`: the browser would not give them), and settles `form` once
    /// they are accepted.
    fn submit(&self, body: Option<FormBody>, form: Option<leptos::web_sys::HtmlFormElement>) {
        match body {
            Some(body) => {
                self.dispatch(Submission { body, form: form.map(SendWrapper::new) });
            }
            None => {
                let refused = ServerFnErrorErr::Request("the form's fields could not be read".into());
                self.value().set(Some(Err(refused.into_app_error())));
                self.version().update(|n| *n += 1);
            }
        }
    }

    /// This action as the target of forms written as HTML (see `submit_forms`).
    pub fn target(self) -> FormTarget {
        FormTarget { url: S::url(), submit: Callback::new(move |(body, form)| self.submit(body, Some(form))) }
    }
}

/// A `<form method="post">` to `S`'s URL; once hydrated, a submission posts its fields through `action`.
#[component]
pub fn ServerForm<S>(action: FormAction<S>, children: Children) -> impl IntoView
where
    S: ServerFn + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if ev.default_prevented() {
            return;
        }
        ev.prevent_default();
        action.submit(form_body(&ev), None);
    };
    view! {
        <form action=S::url() method="post" on:submit=on_submit>
            {children()}
        </form>
    }
}

/// Where forms written as HTML post: the URL in their `action` and the action that posts there.
#[derive(Clone, Copy)]
pub struct FormTarget {
    url: &'static str,
    submit: Callback<(Option<FormBody>, leptos::web_sys::HtmlFormElement)>,
}

/// The submit handler of an element whose content is HTML with plain forms in it (`components::markup`): a
/// form that posts to one of `targets` goes through its action, like a `ServerForm`, and is settled once the
/// post is accepted; any other posts as it would without script.
pub fn submit_forms(
    targets: impl IntoIterator<Item = FormTarget>,
) -> impl Fn(leptos::ev::SubmitEvent) + Clone + 'static {
    let targets: Vec<FormTarget> = targets.into_iter().collect();
    move |ev: leptos::ev::SubmitEvent| {
        if ev.default_prevented() {
            return;
        }
        let Some(form) = submitted_form(&ev) else { return };
        let button = ev.submitter().and_then(|b| b.get_attribute("formaction"));
        let Some(url) = button.or_else(|| form.get_attribute("action")) else { return };
        if let Some(target) = targets.iter().find(|t| t.url == url) {
            ev.prevent_default();
            target.submit.run((form_body(&ev), form));
        }
    }
}

fn submitted_form(ev: &leptos::ev::SubmitEvent) -> Option<leptos::web_sys::HtmlFormElement> {
    use leptos::wasm_bindgen::JsCast;
    ev.target()?.dyn_into::<leptos::web_sys::HtmlFormElement>().ok()
}

/// The submitted form's fields, with the button that submitted it, URL-encoded.
fn form_body(ev: &leptos::ev::SubmitEvent) -> Option<FormBody> {
    let fields = leptos::form::form_data_from_event(ev).ok()?;
    let encoded = leptos::web_sys::UrlSearchParams::new_with_str_sequence_sequence(&fields).ok()?;
    Some(FormBody(encoded.to_string().into()))
}

//! The one reader of a Cookie header, compiled into the server (request headers) and the browser
//! (`document.cookie`, which has the same `name=value; name=value` form).

/// The value of the cookie `name` in a Cookie header; the first one if the header names it twice.
///
/// Hand-written rather than the `cookie` crate's `Cookie::split_parse`: it borrows from the header instead of
/// allocating, adds nothing to the WASM bundle, and our cookies (a base64url token, a language code) are
/// never quoted or percent-encoded, so the crate's fuller parsing would buy nothing.
pub fn value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').filter_map(|kv| kv.trim().split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::value;

    #[test]
    fn reads_one_cookie_of_a_header() {
        let header = "lang=en; accord_session=abc";
        assert_eq!(value(header, "accord_session"), Some("abc"));
        assert_eq!(value(header, "lang"), Some("en"));
        assert_eq!(value("lang=en;accord_session=a=b", "accord_session"), Some("a=b"));
        assert_eq!(value("xlang=en; lang=ru; lang=en", "lang"), Some("ru"));
        assert_eq!(value("lang", "lang"), None);
        assert_eq!(value("", "lang"), None);
    }
}

//! Percent-encoding of the values this site puts into its own links, the same on the server and in the browser.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved characters (letters, digits, `-`, `_`, `.`, `~`): what a query value
/// must encode so that `&`, `=`, `+`, `#`, `%` and spaces in it stay part of the value.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// A path given as a query value keeps its slashes readable: `/` is allowed in a query as it is.
const PATH_IN_QUERY: &AsciiSet = &QUERY_VALUE.remove(b'/');

/// A form value as a browser encodes it in a GET form's query (spaces as `+`), so the links we write and the
/// ones the form submits read the same.
pub fn query_value(value: &str) -> String {
    value.split(' ').map(|part| utf8_percent_encode(part, QUERY_VALUE).to_string()).collect::<Vec<_>>().join("+")
}

/// A path on this site as a query value (the language switch's `?to=`).
pub fn path_in_query(path: &str) -> String {
    utf8_percent_encode(path, PATH_IN_QUERY).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values() {
        assert_eq!(query_value(""), "");
        assert_eq!(query_value("Az09-_.~"), "Az09-_.~");
        assert_eq!(query_value("a b+c&d=e#f%/?"), "a+b%2Bc%26d%3De%23f%25%2F%3F");
        assert_eq!(
            query_value("муниципальный"),
            "%D0%BC%D1%83%D0%BD%D0%B8%D1%86%D0%B8%D0%BF%D0%B0%D0%BB%D1%8C%D0%BD%D1%8B%D0%B9"
        );
        assert_eq!(query_value(" 2021 "), "+2021+");
    }

    #[test]
    fn paths_in_a_query() {
        assert_eq!(path_in_query("/events/e1/documents"), "/events/e1/documents");
        assert_eq!(path_in_query("/documents/%D0%B0?x=1&y#z"), "/documents/%25D0%25B0%3Fx%3D1%26y%23z");
        assert_eq!(path_in_query("/реестр a"), "/%D1%80%D0%B5%D0%B5%D1%81%D1%82%D1%80%20a");
    }
}

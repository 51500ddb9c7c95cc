//! Where a redirect taken from a request may lead: only to a path on this site. The `next` of the sign-in and
//! sign-up pages and server functions and the language switch's `to` all ask [`same_site_path`], so the rule
//! cannot drift apart.

/// Where to go when a requested target is refused.
pub const HOME: &str = "/";

/// `target` if it is a path on this site that is also a valid `Location` header value, else [`HOME`].
///
/// Browsers read a `Location` more loosely than the URL grammar does: they turn `\` into `/`, drop tabs and
/// newlines, and some servers and proxies decode `%2F`/`%5C` before routing. So rather than parse the URL,
/// this refuses every character that could make a path leave the site or the header: it must start with
/// exactly one `/`, and hold no backslash, no control character or whitespace, and no encoded slash or
/// backslash. Letters beyond ASCII are kept: they are valid header bytes, and browsers encode them when they
/// follow the redirect.
pub fn same_site_path(target: &str) -> &str {
    let single_slash = target.starts_with('/') && !target[1..].starts_with(['/', '\\']);
    let plain = !target.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    let lower = target.to_ascii_lowercase();
    let no_encoded_separator = !lower.contains("%2f") && !lower.contains("%5c");
    if single_slash && plain && no_encoded_separator {
        target
    } else {
        HOME
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_known_tricks_go_home() {
        // As the handlers see them: query strings and forms are decoded once, so `?to=/%0Ax` arrives as "/\nx"
        // and `?to=/%255Cevil` as "/%5Cevil".
        let refused = [
            "",
            "evil.example",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "\\\\evil.example",
            "/%5Cevil.example/x",
            "/%5cevil.example/x",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/x/%2F%2Fevil.example",
            "/a\\b",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "/\nx",
            "/\r\nSet-Cookie: a=b",
            "/\t/evil.example",
            "/ /evil.example",
            "/a b",
            "/\u{0}",
            "/\u{7f}",
            "/\u{85}x",
            "/\u{a0}x",
            "/\u{2028}x",
            " /ok",
        ];
        for target in refused {
            assert_eq!(same_site_path(target), HOME, "{target:?}");
        }
    }

    #[test]
    fn paths_on_this_site_are_kept() {
        let kept = [
            "/",
            "/ok/path?x=1#y",
            "/events/e1/documents/d1",
            "/registry?q=%D0%BC%D1%83&page=2",
            "/signin?next=/account",
            "/реестр?q=муниципальный",
            "/a:b",
            "/@evil.example",
            "/%25",
        ];
        for target in kept {
            assert_eq!(same_site_path(target), target, "{target:?}");
        }
    }

    proptest! {
        /// Whatever comes in, what goes out is a valid HTTP header value (no control byte, not even a tab)
        /// that starts with one slash.
        #[test]
        fn always_a_header_value_on_this_site(target in any::<String>()) {
            let path = same_site_path(&target);
            prop_assert!(path.bytes().all(|b| b >= 0x20 && b != 0x7f));
            prop_assert!(path.starts_with('/') && !path.starts_with("//"));
        }
    }
}

//! List markers, shared by both readers: numbering formats (decimal, Latin and Russian letters,
//! Roman), bullets and the counting of list levels.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NumFmt {
    Decimal {
        width: u8,
    },
    /// `repeat`: Word's a…z, aa, bb; otherwise a…z, aa, ab (ODF without letter sync).
    Letters {
        upper: bool,
        cyrillic: bool,
        repeat: bool,
    },
    Roman {
        upper: bool,
    },
    Bullet,
    None,
}

pub(super) const DECIMAL: NumFmt = NumFmt::Decimal { width: 1 };
const LATIN: &str = "abcdefghijklmnopqrstuvwxyz";
/// Word's Russian letter numbering skips ё й ъ ы ь.
const RUSSIAN: &str = "абвгдежзиклмнопрстуфхцчшщэюя";

pub(super) fn format_num(n: i64, fmt: NumFmt) -> String {
    match fmt {
        NumFmt::None | NumFmt::Bullet => String::new(),
        NumFmt::Decimal { width } => format!("{n:0width$}", width = usize::from(width.clamp(1, 10))),
        NumFmt::Roman { upper } => match roman(n) {
            Some(r) if upper => r.to_uppercase(),
            Some(r) => r,
            None => n.to_string(),
        },
        NumFmt::Letters { upper, cyrillic, repeat } => {
            let alphabet: Vec<char> = if cyrillic { RUSSIAN } else { LATIN }.chars().collect();
            let Some(s) = letters(n, &alphabet, repeat) else { return n.to_string() };
            if upper {
                s.to_uppercase()
            } else {
                s
            }
        }
    }
}

fn letters(n: i64, alphabet: &[char], repeat: bool) -> Option<String> {
    let len = alphabet.len() as i64;
    if n <= 0 || len == 0 {
        return None;
    }
    if repeat {
        let times = (n - 1) / len + 1;
        if times > 20 {
            return None;
        }
        let c = alphabet[((n - 1) % len) as usize];
        return Some(std::iter::repeat_n(c, times as usize).collect());
    }
    let mut out = Vec::new();
    let mut n = n;
    while n > 0 {
        n -= 1;
        out.push(alphabet[(n % len) as usize]);
        n /= len;
    }
    Some(out.into_iter().rev().collect())
}

fn roman(n: i64) -> Option<String> {
    if !(1..=3999).contains(&n) {
        return None;
    }
    const TABLE: [(i64, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    Some(out)
}

/// The bullet to write for a bullet level's text: printable characters as they are, symbol-font
/// and private-use characters (Symbol's U+F0B7 and the like) as `•`.
pub(super) fn bullet_marker(text: &str, symbol_font: bool) -> String {
    let t = text.trim();
    if t.is_empty() {
        return String::new();
    }
    let private_or_control = t.chars().any(|c| c.is_control() || ('\u{E000}'..='\u{F8FF}').contains(&c));
    let symbol_ok = !symbol_font || t.chars().all(|c| "•–—-▪◦■□●○".contains(c));
    if private_or_control || !symbol_ok {
        "•".to_owned()
    } else {
        t.to_owned()
    }
}

/// Fonts whose characters are pictures, not the letters their codes stand for (OpenSymbol is not one).
pub(super) fn is_symbol_font(name: &str) -> bool {
    let name = name.trim().trim_matches(['\'', '"']).to_lowercase();
    ["symbol", "wingdings", "webdings", "marlett"].iter().any(|s| name.starts_with(s))
}

/// Sets the counter of `level` for the next item and clears the deeper ones that restart.
pub(super) fn advance(counters: &mut [Option<i64>], level: usize, start: i64, restarts: impl Fn(usize) -> bool) {
    if level >= counters.len() {
        return;
    }
    counters[level] = Some(match counters[level] {
        None => start,
        Some(v) => v.saturating_add(1),
    });
    for (k, counter) in counters.iter_mut().enumerate().skip(level + 1) {
        if restarts(k) {
            *counter = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        let ru = NumFmt::Letters { upper: false, cyrillic: true, repeat: true };
        let got: Vec<String> = (1..=30).map(|n| format_num(n, ru)).collect();
        assert_eq!(got[..10].join(""), "абвгдежзик");
        assert_eq!(got[27..].join(" "), "я аа бб");
        let latin_seq = NumFmt::Letters { upper: true, cyrillic: false, repeat: false };
        assert_eq!(format_num(27, latin_seq), "AA");
        assert_eq!(format_num(28, latin_seq), "AB");
        assert_eq!(format_num(1994, NumFmt::Roman { upper: true }), "MCMXCIV");
        assert_eq!(format_num(0, NumFmt::Roman { upper: true }), "0");
        assert_eq!(format_num(i64::MAX, ru), i64::MAX.to_string());
        assert_eq!(bullet_marker("\u{F0A7}", true), "•");
        assert_eq!(bullet_marker("▪", false), "▪");
    }
}

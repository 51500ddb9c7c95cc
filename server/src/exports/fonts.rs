//! The vendored Liberation Serif faces (metrically Times New Roman, under the OFL), measured with their own
//! advances (`skrifa`), and line breaking by those measures: what the PDF prints and the table widths of both
//! files are computed from.

use super::Style;
use app::error::AppError;
use krilla::text::Font;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Italic.ttf");

/// The text size of the genre, in points.
pub(super) const SIZE: f32 = 14.0;
/// The text size of tables (ГОСТ Р 7.0.97 allows a smaller size in tables): six columns of 14 pt words
/// such as «землепользования» do not fit across 175 mm.
pub(super) const TABLE_SIZE: f32 = 12.0;

/// One face with what is needed to measure text in it.
pub(super) struct Face {
    data: &'static [u8],
    pub(super) font: Font,
}

impl Face {
    fn load(data: &'static [u8]) -> Result<Face, AppError> {
        let font = Font::new(data.to_vec().into(), 0).ok_or_else(|| unexpected("font"))?;
        FontRef::new(data).map_err(|e| AppError::unexpected("a font", e))?;
        Ok(Face { data, font })
    }

    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        let Ok(font) = FontRef::new(self.data) else { return 0.0 };
        let map = font.charmap();
        let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
        text.chars().map(|c| map.map(c).and_then(|g| metrics.advance_width(g)).unwrap_or(size / 2.0)).sum()
    }
}

pub(super) fn unexpected(what: &str) -> AppError {
    AppError::unexpected("an export", what)
}

pub(super) struct Faces {
    regular: Face,
    bold: Face,
    italic: Face,
}

impl Faces {
    pub(super) fn of(&self, style: Style) -> &Face {
        match style {
            Style::Plain => &self.regular,
            Style::Bold => &self.bold,
            Style::Italic => &self.italic,
        }
    }
}

/// The fonts, parsed once per process.
pub(super) fn faces() -> Result<&'static Faces, AppError> {
    static FACES: std::sync::OnceLock<Result<Faces, AppError>> = std::sync::OnceLock::new();
    FACES
        .get_or_init(|| {
            Ok(Faces { regular: Face::load(REGULAR)?, bold: Face::load(BOLD)?, italic: Face::load(ITALIC)? })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Spaces that separate words; a no-break space keeps its words together.
fn is_break(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}')
}

/// The words of a text, as a line breaker sees them.
pub(super) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(is_break).filter(|w| !w.is_empty())
}

/// Where a word too long for its line may be cut without losing its sense: after a slash or a dash
/// («целесообразности/нецелесообразности», «социально-экономического»).
fn cuttable_after(c: char) -> bool {
    matches!(c, '/' | '\\' | '-' | '‐' | '–' | '—' | '_')
}

/// The widest piece of `text` that a line cannot be broken inside: the narrowest a column holding it may
/// be without cutting a word.
pub(super) fn widest_word(face: &Face, size: f32, text: &str) -> f32 {
    words(text).flat_map(|w| w.split_inclusive(cuttable_after)).map(|piece| face.width(piece, size)).fold(0.0, f32::max)
}

/// Breaks `text`, printed `size` points high, into lines no wider than `first` (the first line) and `width` (the others), at spaces (a
/// no-break space keeps its words together). A word wider than a line is cut: after a slash or a dash when
/// one falls on the line, else where it must be.
pub(super) fn lines(face: &Face, size: f32, text: &str, first: f32, width: f32) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    let space = face.width(" ", size);
    let mut used = 0.0;
    for word in words(text) {
        let mut word = word.to_string();
        loop {
            let w = face.width(&word, size);
            let limit = if out.len() == 1 { first } else { width };
            let line = out.last_mut().expect("one line at least");
            let need = if line.is_empty() { w } else { used + space + w };
            if need <= limit {
                line.push(word);
                used = need;
                break;
            }
            if !line.is_empty() {
                out.push(Vec::new());
                used = 0.0;
                continue;
            }
            // Alone on its line and still too wide: cut it.
            let mut cut = word.len();
            while cut > 0 && face.width(&word[..cut], size) > limit {
                cut = word[..cut].char_indices().last().map_or(0, |(i, _)| i);
            }
            let mut at_dash =
                word[..cut].char_indices().filter(|&(_, c)| cuttable_after(c)).map(|(i, c)| i + c.len_utf8());
            let cut = at_dash.rfind(|&i| i < word.len()).unwrap_or(cut);
            let cut = cut.max(word.chars().next().map_or(word.len(), char::len_utf8));
            let rest = word.split_off(cut);
            line.push(word);
            out.push(Vec::new());
            used = 0.0;
            if rest.is_empty() {
                break;
            }
            word = rest;
        }
    }
    out.retain(|l| !l.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_at_spaces_within_the_width() {
        let face = &faces().unwrap().regular;
        let text = "Министерству экономики и внешних связей Амурской области рассмотреть возможность \
                    проведения обучающих семинаров для социально ориентированных некоммерческих организаций";
        let width = 300.0;
        let broken = lines(face, SIZE, text, width, width);
        assert!(broken.len() > 2);
        for line in &broken {
            assert!(face.width(&line.join(" "), SIZE) <= width, "{line:?}");
        }
        assert_eq!(broken.concat().join(" "), text, "no word lost or split");
        // A no-break space keeps «г. Благовещенск» together: it moves to the next line whole.
        let city = "г.\u{a0}Благовещенск";
        let width = face.width(city, SIZE) + 1.0;
        assert_eq!(
            lines(face, SIZE, &format!("в {city}"), width, width),
            vec![vec!["в".to_string()], vec![city.to_string()]]
        );
        // A word wider than the line is cut, and nothing of it is lost.
        let cut = lines(face, SIZE, "Благовещенск", 30.0, 30.0);
        assert!(cut.len() > 1 && cut.iter().all(|l| l.len() == 1 && !l[0].is_empty()));
        assert_eq!(cut.concat().concat(), "Благовещенск");
        // Line ends and tabs separate words as spaces do.
        assert_eq!(lines(face, SIZE, "а\nб\tв", 300.0, 300.0), vec![vec!["а", "б", "в"]]);
    }

    #[test]
    fn a_long_word_is_cut_after_its_slash() {
        let face = &faces().unwrap().regular;
        let word = "целесообразности/нецелесообразности";
        let width = widest_word(face, SIZE, word);
        assert!(width < face.width(word, SIZE));
        assert_eq!(width, face.width("нецелесообразности", SIZE));
        let broken = lines(face, SIZE, word, width + 1.0, width + 1.0);
        assert_eq!(broken, vec![vec!["целесообразности/".to_string()], vec!["нецелесообразности".to_string()]]);
    }
}

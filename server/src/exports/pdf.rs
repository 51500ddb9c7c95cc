//! The printed resolution as a PDF: A4, margins 25/10/20/20 mm, Liberation Serif 14 pt (metrically Times New
//! Roman, under the OFL, embedded and subset by `krilla`), justified paragraphs, page numbers from page 2.
//! Lines are broken here by measuring the words with the font's own advances (`skrifa`).

use super::{layout, Para, Style};
use accord_domain::Document;
use app::error::AppError;
use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Italic.ttf");

const MM: f32 = 72.0 / 25.4;
const PAGE_W: f32 = 210.0 * MM;
const PAGE_H: f32 = 297.0 * MM;
const LEFT: f32 = 25.0 * MM;
const RIGHT: f32 = 10.0 * MM;
const TOP: f32 = 20.0 * MM;
const BOTTOM: f32 = 20.0 * MM;
const INDENT_STEP: f32 = 12.5 * MM;
const SIZE: f32 = 14.0;
const LEADING: f32 = SIZE * 1.2;
const FOLIO_SIZE: f32 = 12.0;

/// One face with what is needed to measure text in it.
struct Face {
    data: &'static [u8],
    font: Font,
}

impl Face {
    fn load(data: &'static [u8]) -> Result<Face, AppError> {
        let font = Font::new(data.to_vec().into(), 0).ok_or_else(|| unexpected("font"))?;
        FontRef::new(data).map_err(|e| unexpected(&e.to_string()))?;
        Ok(Face { data, font })
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let Ok(font) = FontRef::new(self.data) else { return 0.0 };
        let map = font.charmap();
        let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
        text.chars().map(|c| map.map(c).and_then(|g| metrics.advance_width(g)).unwrap_or(size / 2.0)).sum()
    }
}

fn unexpected(what: &str) -> AppError {
    tracing::error!("pdf: {what}");
    AppError::Unexpected
}

/// A word placed on a page: baseline origin and text.
#[derive(Debug, Clone, PartialEq)]
struct Placed {
    x: f32,
    y: f32,
    style: Style,
    text: String,
}

/// Breaks `text` into lines no wider than `first` (the first line) and `width` (the others), at spaces (a no-break space keeps its words together); a
/// word wider than a line is cut where it must be.
fn lines(face: &Face, text: &str, first: f32, width: f32) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    let space = face.width(" ", SIZE);
    let mut used = 0.0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut word = word.to_string();
        loop {
            let w = face.width(&word, SIZE);
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
            while cut > 0 && face.width(&word[..cut], SIZE) > limit {
                cut = word[..cut].char_indices().last().map_or(0, |(i, _)| i);
            }
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

/// Lays the paragraphs out on A4 pages: each page a list of placed words.
fn paginate(paras: &[Para], faces: &Faces) -> Vec<Vec<Placed>> {
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut y = TOP + SIZE;
    let full = PAGE_W - LEFT - RIGHT;
    for para in paras {
        let face = faces.of(para.style);
        let indent = f32::from(para.indent) * INDENT_STEP;
        let broken = lines(face, &para.text, full - indent, full);
        if broken.is_empty() {
            y += LEADING;
            continue;
        }
        let space = face.width(" ", SIZE);
        let last = broken.len() - 1;
        for (n, words) in broken.into_iter().enumerate() {
            if y > PAGE_H - BOTTOM {
                pages.push(Vec::new());
                y = TOP + SIZE;
            }
            let widths: Vec<f32> = words.iter().map(|w| face.width(w, SIZE)).collect();
            let natural = widths.iter().sum::<f32>() + space * (words.len() - 1) as f32;
            let (left, width) = if n == 0 { (LEFT + indent, full - indent) } else { (LEFT, full) };
            let (mut x, gap) = if para.centred {
                (left + (width - natural).max(0.0) / 2.0, space)
            } else if n < last && words.len() > 1 {
                (left, (width - widths.iter().sum::<f32>()) / (words.len() - 1) as f32)
            } else {
                (left, space)
            };
            let page = pages.last_mut().expect("one page at least");
            for (word, w) in words.into_iter().zip(widths) {
                page.push(Placed { x, y, style: para.style, text: word });
                x += w + gap;
            }
            y += LEADING;
        }
    }
    pages
}

struct Faces {
    regular: Face,
    bold: Face,
    italic: Face,
}

impl Faces {
    fn of(&self, style: Style) -> &Face {
        match style {
            Style::Plain => &self.regular,
            Style::Bold => &self.bold,
            Style::Italic => &self.italic,
        }
    }
}

/// The fonts, parsed once per process.
fn faces() -> Result<&'static Faces, AppError> {
    static FACES: std::sync::OnceLock<Result<Faces, AppError>> = std::sync::OnceLock::new();
    FACES
        .get_or_init(|| {
            Ok(Faces { regular: Face::load(REGULAR)?, bold: Face::load(BOLD)?, italic: Face::load(ITALIC)? })
        })
        .as_ref()
        .map_err(Clone::clone)
}

pub fn pdf(doc: &Document) -> Result<Vec<u8>, AppError> {
    let faces = faces()?;
    let pages = paginate(&layout(doc), faces);
    let mut pdf = krilla::Document::new();
    let title = [doc.header.doc_kind.as_str(), doc.header.title.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" — ");
    pdf.set_metadata(Metadata::new().title(title).language("ru".into()).creator("Accord".into()));
    for (n, words) in pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| unexpected("page size"))?;
        let mut page = pdf.start_page_with(settings);
        let mut surface = page.surface();
        if n > 0 {
            let folio = (n + 1).to_string();
            let w = faces.regular.width(&folio, FOLIO_SIZE);
            let x = LEFT + (PAGE_W - LEFT - RIGHT - w) / 2.0;
            let at = Point::from_xy(x, TOP / 2.0 + FOLIO_SIZE / 2.0);
            surface.draw_text(at, faces.regular.font.clone(), FOLIO_SIZE, &folio, false, TextDirection::Auto);
        }
        for w in words {
            let font = faces.of(w.style).font.clone();
            surface.draw_text(Point::from_xy(w.x, w.y), font, SIZE, &w.text, false, TextDirection::Auto);
        }
        surface.finish();
        page.finish();
    }
    pdf.finish().map_err(|e| unexpected(&format!("{e:?}")))
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
        let broken = lines(face, text, width, width);
        assert!(broken.len() > 2);
        for line in &broken {
            assert!(face.width(&line.join(" "), SIZE) <= width, "{line:?}");
        }
        assert_eq!(broken.concat().join(" "), text, "no word lost or split");
        // A no-break space keeps «г. Благовещенск» together: it moves to the next line whole.
        let city = "г.\u{a0}Благовещенск";
        let width = face.width(city, SIZE) + 1.0;
        assert_eq!(
            lines(face, &format!("в {city}"), width, width),
            vec![vec!["в".to_string()], vec![city.to_string()]]
        );
        // A word wider than the line is cut, and nothing of it is lost.
        let cut = lines(face, "Благовещенск", 30.0, 30.0);
        assert!(cut.len() > 1 && cut.iter().all(|l| l.len() == 1 && !l[0].is_empty()));
        assert_eq!(cut.concat().concat(), "Благовещенск");
    }

    #[test]
    fn the_fixture_fills_numbered_a4_pages() {
        let doc = accord_domain::import(crate::demo::FIXTURE).document;
        let pages = paginate(&layout(&doc), faces().unwrap());
        assert!(pages.len() >= 2);
        for page in &pages {
            assert!(page.iter().all(|w| w.x >= LEFT && w.y <= PAGE_H - BOTTOM + SIZE && w.y >= TOP));
        }
        let bytes = pdf(&doc).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
    }
}

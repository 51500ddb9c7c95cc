//! Uploaded protocol files (.txt, .docx, .odt) turned into the plain text that the importer reads.
//!
//! The text form: one line per paragraph in document order, joined with `\n`; soft line breaks end
//! the line, tabs become one space; list markers are written as text (`1. `, `  а) `, `• `), two
//! spaces of indentation per list level below the first; tables become `| a | b |` rows with a blank
//! line before and after; trailing whitespace is trimmed. Plain text files are accepted in UTF-8,
//! UTF-16 with a BOM and Windows-1251, with line ends normalised the same way.

mod blocks;
mod docx;
mod markers;
mod odt;
mod package;
mod xml;

use package::Package;

/// What an uploaded file is, by its first bytes (not by its name alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// Plain text — and anything that is neither a Word nor an OpenDocument text package
    /// (PDFs, images, old `.doc` files): [`text_of`] refuses those with an error.
    Text,
    /// Office Open XML word-processing package (.docx, .docm, .dotx), also when password-protected.
    Docx,
    /// OpenDocument text (.odt, .ott), also when password-protected.
    Odt,
}

impl FileError {
    /// A file whose structure does not read; what did not read goes to the debug log, for an operator
    /// looking into a file that Word opens and Accord does not.
    pub(crate) fn corrupt(cause: impl std::fmt::Display) -> FileError {
        tracing::debug!(%cause, "a damaged Word or OpenDocument file");
        FileError::Corrupt
    }
}

/// Why a file gives no text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("the text is not in UTF-8 (nor UTF-16 or Windows-1251)")]
    NotUtf8,
    #[error("the file is damaged")]
    Corrupt,
    #[error("the file is protected with a password")]
    Encrypted,
    #[error("old Word (.doc) and other OLE files are not supported; save the file as .docx")]
    LegacyWord,
    #[error("the file is too large (the limit is {max_kb} KB)")]
    TooLarge { max_kb: usize },
    #[error("the file contains no text")]
    Empty,
    #[error("this type of file is not supported")]
    Unsupported,
}

/// Most text the import takes (UTF-8 bytes of the produced text), from a file or pasted.
pub const MAX_TEXT_BYTES: usize = 512 * 1024;
/// Most one XML part of a package may decompress to.
const MAX_PART_BYTES: u64 = 50 * 1024 * 1024;
/// Collected raw text beyond which a document cannot come under [`MAX_TEXT_BYTES`] in practice.
const MAX_RAW_TEXT: usize = 16 * MAX_TEXT_BYTES;
/// Caps on repeat counts written in files (`text:s`, repeated table rows and cells, spans).
const MAX_SPACES: usize = 1000;
const MAX_REPEAT: usize = 100;

fn text_too_large() -> FileError {
    FileError::TooLarge { max_kb: MAX_TEXT_BYTES / 1024 }
}

/// A part that unpacks beyond any real document (a zip bomb): the file is not one a person wrote.
fn part_too_large() -> FileError {
    FileError::Corrupt
}

/// What an uploaded file is, by its first bytes; see [`FileKind`].
pub fn kind_of(file_name: &str, bytes: &[u8]) -> FileKind {
    match classify(file_name, bytes) {
        Classified::Docx(_) | Classified::EncryptedOoxml => FileKind::Docx,
        Classified::Odt(_) | Classified::EncryptedOdt => FileKind::Odt,
        _ => FileKind::Text,
    }
}

/// The file's text in the importer's plain-text form.
pub fn text_of(file_name: &str, bytes: &[u8]) -> Result<String, FileError> {
    // The readers are written not to panic; this only guards against a panic in a dependency.
    std::panic::catch_unwind(|| read_text(file_name, bytes)).unwrap_or(Err(FileError::Corrupt))
}

fn read_text(file_name: &str, bytes: &[u8]) -> Result<String, FileError> {
    match classify(file_name, bytes) {
        Classified::Text => text_file(bytes),
        Classified::Docx(mut pkg) => finish(docx::read(&mut pkg)?),
        Classified::Odt(mut pkg) => finish(odt::read(&mut pkg)?),
        Classified::EncryptedOoxml | Classified::EncryptedOdt => Err(FileError::Encrypted),
        Classified::Failed(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------------
// Recognising the file

enum Classified<'a> {
    Text,
    Docx(Package<'a>),
    Odt(Package<'a>),
    EncryptedOoxml,
    EncryptedOdt,
    Failed(FileError),
}

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ODT_MIME: &str = "application/vnd.oasis.opendocument.text";

fn classify<'a>(file_name: &str, bytes: &'a [u8]) -> Classified<'a> {
    if bytes.is_empty() {
        return Classified::Failed(FileError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return classify_zip(bytes);
    }
    if bytes.starts_with(OLE_MAGIC) {
        // An encrypted OOXML file is an OLE compound file with an `EncryptionInfo` stream.
        let name: Vec<u8> = "EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes).collect();
        return if contains(bytes, &name) {
            Classified::EncryptedOoxml
        } else {
            Classified::Failed(FileError::LegacyWord)
        };
    }
    const BINARY_MAGIC: &[&[u8]] = &[
        b"%PDF",
        b"PK\x05\x06",
        b"PK\x07\x08",
        b"\x89PNG",
        b"\xFF\xD8\xFF",
        b"GIF8",
        b"II*\x00",
        b"MM\x00*",
        b"RIFF",
        b"{\\rtf",
        b"\x1F\x8B",
        b"7z\xBC\xAF",
        b"Rar!",
    ];
    if BINARY_MAGIC.iter().any(|m| bytes.starts_with(m)) {
        return Classified::Failed(FileError::Unsupported);
    }
    let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if matches!(ext.as_str(), "docx" | "docm" | "dotx" | "dotm" | "odt" | "ott") {
        // Named as a package but not a zip: a damaged file, not text.
        return Classified::Failed(FileError::Corrupt);
    }
    Classified::Text
}

fn classify_zip(bytes: &[u8]) -> Classified<'_> {
    let mut pkg = match Package::open(bytes) {
        Ok(p) => p,
        Err(e) => return Classified::Failed(e),
    };
    if pkg.has("word/document.xml") {
        return Classified::Docx(pkg);
    }
    let is_odt = match pkg.read("mimetype", 1024) {
        Ok(Some(m)) => String::from_utf8_lossy(&m).trim().starts_with(ODT_MIME),
        Ok(None) => pkg.has("content.xml"),
        Err(FileError::TooLarge { .. }) => false,
        Err(e) => return Classified::Failed(e),
    };
    if !is_odt {
        return Classified::Failed(FileError::Unsupported);
    }
    if pkg.has("encrypted-package") {
        return Classified::EncryptedOdt;
    }
    match pkg.read("META-INF/manifest.xml", MAX_PART_BYTES) {
        Ok(Some(m)) if contains(&m, b"encryption-data") => Classified::EncryptedOdt,
        Ok(_) => Classified::Odt(pkg),
        Err(e) => Classified::Failed(e),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

// ---------------------------------------------------------------------------------------------
// Plain text files

fn text_file(bytes: &[u8]) -> Result<String, FileError> {
    if bytes.len() > 8 * MAX_TEXT_BYTES {
        return Err(text_too_large());
    }
    let text: String = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        std::str::from_utf8(rest).map_err(|_| FileError::NotUtf8)?.to_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        encoding_rs::UTF_16LE
            .decode_without_bom_handling_and_without_replacement(rest)
            .ok_or(FileError::NotUtf8)?
            .into_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        encoding_rs::UTF_16BE
            .decode_without_bom_handling_and_without_replacement(rest)
            .ok_or(FileError::NotUtf8)?
            .into_owned()
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        s.to_owned()
    } else {
        windows_1251(bytes).ok_or(FileError::NotUtf8)?
    };
    if looks_binary(&text) {
        return Err(FileError::Unsupported);
    }
    let mut out = String::with_capacity(text.len());
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    // A final line end ends the last line; it does not start an empty one.
    let text = text.strip_suffix("\r\n").or_else(|| text.strip_suffix(['\n', '\r'])).unwrap_or(text);
    for (i, line) in text.split("\r\n").flat_map(|l| l.split(['\r', '\n'])).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line.trim_end());
    }
    finish(out)
}

/// Decodes bytes as Windows-1251 when that gives Russian text; `None` when it does not.
fn windows_1251(bytes: &[u8]) -> Option<String> {
    let (text, _) = encoding_rs::WINDOWS_1251.decode_without_bom_handling(bytes);
    let chars: Vec<char> = text.chars().collect();
    let (mut non_ascii, mut cyrillic, mut fitting, mut mixed) = (0usize, 0usize, 0usize, 0usize);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii() {
            continue;
        }
        non_ascii += 1;
        if ('\u{0400}'..='\u{04FF}').contains(&c) {
            cyrillic += 1;
            fitting += 1;
            // In Latin-1 text read as Windows-1251, "Cyrillic" letters sit inside Latin words.
            let latin_neighbour =
                |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|n| n.is_ascii_alphabetic());
            if latin_neighbour(i.checked_sub(1)) || latin_neighbour(Some(i + 1)) {
                mixed += 1;
            }
        } else if "«»–—№…“”„‘’•\u{00A0}°§±".contains(c) {
            fitting += 1;
        }
    }
    let russian = cyrillic > 0 && fitting * 10 >= non_ascii * 9 && cyrillic * 2 >= non_ascii && mixed * 10 <= cyrillic;
    russian.then(|| text.into_owned())
}

/// Text with NULs or many control characters is a binary file that happens to decode.
fn looks_binary(text: &str) -> bool {
    let mut controls = 0usize;
    let mut total = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return true;
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C') {
            controls += 1;
        }
    }
    controls > 0 && controls * 100 > total
}

/// The last checks on produced text: no leading BOM, not empty, not over the limit.
fn finish(text: String) -> Result<String, FileError> {
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    if text.trim().is_empty() {
        return Err(FileError::Empty);
    }
    if text.len() > MAX_TEXT_BYTES {
        return Err(text_too_large());
    }
    Ok(text)
}

#[cfg(test)]
mod tests;

//! Zip packages (.docx, .odt) whose parts are read with a size limit, so a zip bomb cannot exhaust
//! memory.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use super::{part_too_large, FileError, MAX_PART_BYTES};

/// A zip package whose parts are read with a size limit.
pub(super) struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Lower-cased part name (forward slashes, no leading slash) → index in the archive.
    names: HashMap<String, usize>,
}

impl<'a> Package<'a> {
    pub(super) fn open(bytes: &'a [u8]) -> Result<Self, FileError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(FileError::corrupt)?;
        let mut names = HashMap::new();
        for name in zip.file_names() {
            if let Some(index) = zip.index_for_name(name) {
                names.entry(normalize_part_name(name)).or_insert(index);
            }
        }
        Ok(Package { zip, names })
    }

    pub(super) fn has(&self, name: &str) -> bool {
        self.names.contains_key(&normalize_part_name(name))
    }

    /// The part's bytes, `None` when absent; never more than `limit` bytes are decompressed.
    pub(super) fn read(&mut self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, FileError> {
        let Some(&index) = self.names.get(&normalize_part_name(name)) else {
            return Ok(None);
        };
        let file = match self.zip.by_index(index) {
            Ok(f) => f,
            Err(zip::result::ZipError::UnsupportedArchive(m)) if m == zip::result::ZipError::PASSWORD_REQUIRED => {
                return Err(FileError::Encrypted)
            }
            Err(zip::result::ZipError::InvalidPassword) => return Err(FileError::Encrypted),
            Err(_) => return Err(FileError::Corrupt),
        };
        let mut data = Vec::new();
        file.take(limit.saturating_add(1)).read_to_end(&mut data).map_err(FileError::corrupt)?;
        if data.len() as u64 > limit {
            return Err(part_too_large());
        }
        Ok(Some(data))
    }

    pub(super) fn read_xml(&mut self, name: &str) -> Result<Option<Vec<u8>>, FileError> {
        self.read(name, MAX_PART_BYTES)
    }
}

fn normalize_part_name(name: &str) -> String {
    name.replace('\\', "/").trim_start_matches('/').to_ascii_lowercase()
}

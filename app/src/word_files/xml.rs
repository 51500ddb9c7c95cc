//! Driving an XML part through a reader's callbacks, and reading attributes by local name.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::FileError;

fn local_name(qname: &[u8]) -> &[u8] {
    match qname.iter().rposition(|&b| b == b':') {
        Some(i) => &qname[i + 1..],
        None => qname,
    }
}

/// An attribute's value by local name (`w:val` → `val`).
pub(super) fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| local_name(a.key.as_ref()) == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

pub(super) fn attr_int(e: &BytesStart<'_>, name: &[u8]) -> Option<i64> {
    attr(e, name).and_then(|v| v.trim().parse().ok())
}

pub(super) fn attr_on(e: &BytesStart<'_>, name: &[u8]) -> bool {
    attr(e, name).is_none_or(|v| !matches!(v.trim(), "0" | "false" | "off"))
}

pub(super) trait XmlSink {
    type Tag;
    /// Called for each element start; `None` skips the element and everything inside it.
    fn start(&mut self, parents: &[Self::Tag], name: &[u8], e: &BytesStart<'_>)
        -> Result<Option<Self::Tag>, FileError>;
    fn end(&mut self, tag: Self::Tag, parents: &[Self::Tag]) -> Result<(), FileError>;
    fn text(&mut self, parents: &[Self::Tag], text: &str) -> Result<(), FileError>;
}

pub(super) fn drive<S: XmlSink>(xml: &[u8], sink: &mut S) -> Result<(), FileError> {
    let xml = xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml);
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<S::Tag> = Vec::new();
    let mut skip = 0usize;
    loop {
        let event = reader.read_event().map_err(FileError::corrupt)?;
        match event {
            Event::Start(e) => {
                if skip > 0 {
                    skip += 1;
                    continue;
                }
                match sink.start(&stack, local_name(e.name().as_ref()), &e)? {
                    Some(tag) => stack.push(tag),
                    None => skip = 1,
                }
            }
            Event::Empty(e) => {
                if skip > 0 {
                    continue;
                }
                if let Some(tag) = sink.start(&stack, local_name(e.name().as_ref()), &e)? {
                    sink.end(tag, &stack)?;
                }
            }
            Event::End(_) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let tag = stack.pop().ok_or(FileError::Corrupt)?;
                sink.end(tag, &stack)?;
            }
            Event::Text(t) if skip == 0 => {
                let s = t.xml10_content().map_err(FileError::corrupt)?;
                sink.text(&stack, &s)?;
            }
            Event::CData(t) if skip == 0 => {
                let s = t.decode().map_err(FileError::corrupt)?;
                sink.text(&stack, &s)?;
            }
            Event::GeneralRef(r) if skip == 0 => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => {
                        let name = r.decode().map_err(FileError::corrupt)?;
                        quick_xml::escape::resolve_predefined_entity(&name).map(str::to_owned)
                    }
                    Err(_) => None,
                };
                if let Some(s) = resolved {
                    sink.text(&stack, &s)?;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if skip > 0 || !stack.is_empty() {
        // Truncated XML.
        return Err(FileError::Corrupt);
    }
    Ok(())
}

/// Reads a part that only adds detail (styles, numbering): if it is malformed, the text is still
/// read, with what could be taken from the part.
pub(super) fn drive_auxiliary<S: XmlSink>(xml: &[u8], sink: &mut S) -> Result<(), FileError> {
    match drive(xml, sink) {
        Err(FileError::Corrupt) => Ok(()),
        other => other,
    }
}

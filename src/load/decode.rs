//! Decoding a file's bytes into the text sadoc works on.
//!
//! Every later stage sees UTF-8 without a byte-order mark and with `\n` line endings, so line
//! numbers are the same everywhere. Files that are not text are refused here with the position
//! of the first bad byte, before anything tries to parse them.

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextError {
    /// The file contains NUL bytes: it is binary, whatever its name says.
    Binary,
    /// The file is not valid UTF-8 at this 1-based line and column.
    InvalidUtf8 {
        /// Line of the first invalid byte.
        line: u32,
        /// Column (in characters) of the first invalid byte.
        column: u32,
    },
}

impl TextError {
    /// The user-facing message.
    pub fn message(&self) -> String {
        match self {
            TextError::Binary => "the file is binary (it contains NUL bytes), not markdown".into(),
            TextError::InvalidUtf8 { .. } => "the file is not valid UTF-8".into(),
        }
    }

    /// What to do about it.
    pub fn help(&self) -> &'static str {
        match self {
            TextError::Binary => "rename it so it does not end in `.md`, or remove it",
            TextError::InvalidUtf8 { .. } => {
                "save the file as UTF-8 (for example `iconv -f latin1 -t utf-8`)"
            }
        }
    }
}

/// Decodes `bytes` as UTF-8, dropping a byte-order mark and normalising line endings to `\n`.
pub fn decode(bytes: Vec<u8>) -> Result<String, TextError> {
    if bytes.contains(&0) {
        return Err(TextError::Binary);
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            // The prefix is valid UTF-8 by definition.
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let line = prefix.matches('\n').count() as u32 + 1;
            let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
            let column = prefix[line_start..].chars().count() as u32 + 1;
            return Err(TextError::InvalidUtf8 { line, column });
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if text.contains('\r') {
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        let text = decode(b"\xef\xbb\xbf# Title\r\n\r\nBody\r\n".to_vec()).unwrap();
        assert_eq!(text, "# Title\n\nBody\n");
    }

    #[test]
    fn invalid_utf8_reports_its_position() {
        let err = decode(b"ok\nab\xffc\n".to_vec()).unwrap_err();
        assert_eq!(err, TextError::InvalidUtf8 { line: 2, column: 3 });
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(
            decode(b"\x89PNG\0\0".to_vec()).unwrap_err(),
            TextError::Binary
        );
    }
}

//! `CountryCode`: two ASCII letters, checked before they become a URL or a file name.

use std::error::Error;
use std::fmt;
use std::str::FromStr;

/// The twenty most populous countries, in the order seed 001 lists them
/// (Python's `POP20_CC`).
pub const POP20: [&str; 20] = [
    "CN", "IN", "US", "ID", "BR", "PK", "NG", "BD", "RU", "JP", "MX", "PH", "VN", "ET", "EG", "DE",
    "IR", "TR", "CD", "FR",
];

/// A country code: exactly two ASCII letters, stored uppercase.
///
/// The Python downloader builds `cc.lower() + '.gif'` from whatever string it
/// is given, so `"../x"` would write outside the destination directory. Here
/// a code is parsed once, and only a parsed code can name a URL or a file:
/// [`url_path`](Self::url_path) and [`file_name`](Self::file_name) cannot
/// produce a path separator.
///
/// # Errors
///
/// [`CountryCode::parse`] returns [`InvalidCode`] for anything but two ASCII
/// letters.
///
/// # Examples
///
/// ```
/// use aio_tasks::flags::CountryCode;
///
/// let code = CountryCode::parse("br")?;
/// assert_eq!(code.as_str(), "BR");
/// assert_eq!(code.file_name(), "br.gif");
/// assert_eq!(code.url_path(), "/flags/br.gif");
/// assert!(CountryCode::parse("../x").is_err());
/// assert!(CountryCode::parse("").is_err());
/// # Ok::<(), aio_tasks::flags::InvalidCode>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Parses two ASCII letters, in either case.
    ///
    /// # Errors
    ///
    /// [`InvalidCode`] holding the rejected text.
    ///
    /// # Examples
    ///
    /// ```
    /// use aio_tasks::flags::CountryCode;
    ///
    /// assert_eq!(CountryCode::parse("jp").unwrap(), CountryCode::parse("JP").unwrap());
    /// assert_eq!(CountryCode::parse("J1").unwrap_err().text(), "J1");
    /// ```
    // ANCHOR: flags_parse
    pub fn parse(text: &str) -> Result<Self, InvalidCode> {
        match text.as_bytes() {
            &[a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                Ok(Self([a.to_ascii_uppercase(), b.to_ascii_uppercase()]))
            }
            _ => Err(InvalidCode(text.to_owned())),
        }
    }
    // ANCHOR_END: flags_parse

    /// Parses every code of a list, or rejects the whole list at its first
    /// invalid code, so that no request is made for a list with a bad entry.
    ///
    /// # Errors
    ///
    /// [`InvalidCode`] for the first code that is not two ASCII letters.
    ///
    /// # Examples
    ///
    /// ```
    /// use aio_tasks::flags::{CountryCode, POP20};
    ///
    /// assert_eq!(CountryCode::parse_all(POP20).unwrap().len(), 20);
    /// let bad = CountryCode::parse_all(["CN", "../etc/passwd", "FR"]).unwrap_err();
    /// assert_eq!(bad.text(), "../etc/passwd");
    /// ```
    pub fn parse_all<I>(texts: I) -> Result<Vec<Self>, InvalidCode>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        texts
            .into_iter()
            .map(|text| Self::parse(text.as_ref()))
            .collect()
    }

    /// The code in uppercase, as in `"BR"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use aio_tasks::flags::CountryCode;
    ///
    /// assert_eq!(CountryCode::parse("cd").unwrap().as_str(), "CD");
    /// ```
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("two ASCII letters are UTF-8")
    }

    /// The file the downloaders save the flag to: `"br.gif"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use aio_tasks::flags::CountryCode;
    ///
    /// assert_eq!(CountryCode::parse("DE").unwrap().file_name(), "de.gif");
    /// ```
    pub fn file_name(&self) -> String {
        format!("{}.gif", self.as_str().to_ascii_lowercase())
    }

    /// The path the flag server serves the flag at: `"/flags/br.gif"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use aio_tasks::flags::CountryCode;
    ///
    /// assert_eq!(CountryCode::parse("fr").unwrap().url_path(), "/flags/fr.gif");
    /// ```
    pub fn url_path(&self) -> String {
        format!("/flags/{}", self.file_name())
    }
}

impl FromStr for CountryCode {
    type Err = InvalidCode;

    fn from_str(text: &str) -> Result<Self, InvalidCode> {
        Self::parse(text)
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CountryCode({})", self.as_str())
    }
}

/// A country code that is not two ASCII letters; holds the rejected text.
///
/// # Examples
///
/// ```
/// use aio_tasks::flags::CountryCode;
///
/// let error = "USA".parse::<CountryCode>().unwrap_err();
/// assert_eq!(error.to_string(), "invalid country code \"USA\": expected two ASCII letters");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidCode(String);

impl InvalidCode {
    /// The text that was rejected.
    ///
    /// # Examples
    ///
    /// ```
    /// use aio_tasks::flags::CountryCode;
    ///
    /// assert_eq!(CountryCode::parse("").unwrap_err().text(), "");
    /// ```
    pub fn text(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for InvalidCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid country code {:?}: expected two ASCII letters",
            self.0
        )
    }
}

impl Error for InvalidCode {}

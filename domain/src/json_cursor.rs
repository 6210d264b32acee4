//! Reading JSON text in one pass, for `snapshot`'s reader of the cached model: no tree
//! of JSON values in between (at 50,000 customers that tree took ~60 MB of wasm memory
//! and most of the time of reading the cache). The cursor is shared by every level being
//! read; each level reads its value whole, so the cursor stands after it when it returns.

use std::borrow::Cow;
use std::cell::Cell;

use serde::de::Error as _;

type DeError = serde::de::value::Error;

/// JSON text and how far it has been read.
pub(crate) struct JsonCursor<'a> {
    text: &'a [u8],
    at: Cell<usize>,
}

/// The value at the cursor: a scalar read whole, or an array or object whose opening
/// bracket was taken (its elements follow).
pub(crate) enum Token<'a> {
    Null,
    Bool(bool),
    Number(Number),
    Str(Cow<'a, str>),
    Array,
    Object,
}

impl Token<'_> {
    /// What it is, for the message when a type does not fit it.
    pub(crate) fn unexpected(&self) -> serde::de::Unexpected<'_> {
        use serde::de::Unexpected;
        match self {
            Token::Null => Unexpected::Unit,
            Token::Bool(b) => Unexpected::Bool(*b),
            Token::Number(Number::Unsigned(u)) => Unexpected::Unsigned(*u),
            Token::Number(Number::Signed(i)) => Unexpected::Signed(*i),
            Token::Number(Number::Float(f)) => Unexpected::Float(*f),
            Token::Str(t) => Unexpected::Str(t),
            Token::Array => Unexpected::Seq,
            Token::Object => Unexpected::Map,
        }
    }
}

/// A JSON number as serde_json reads it: unsigned first, then signed, then a float.
pub(crate) enum Number {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

impl<'a> JsonCursor<'a> {
    pub(crate) fn new(text: &'a [u8]) -> JsonCursor<'a> {
        JsonCursor {
            text,
            at: Cell::new(0),
        }
    }

    /// An error that says where in the text it happened.
    pub(crate) fn error(&self, what: impl std::fmt::Display) -> DeError {
        DeError::custom(format!("{what} at byte {}", self.at.get()))
    }

    /// The next byte that is not white space, not taken.
    pub(crate) fn peek(&self) -> Option<u8> {
        let mut at = self.at.get();
        while let Some(b) = self.text.get(at) {
            if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                self.at.set(at);
                return Some(*b);
            }
            at += 1;
        }
        self.at.set(at);
        None
    }

    /// Takes `byte` (after white space), or says what stands there instead.
    pub(crate) fn expect(&self, byte: u8) -> Result<(), DeError> {
        match self.peek() {
            Some(b) if b == byte => {
                self.at.set(self.at.get() + 1);
                Ok(())
            }
            Some(b) => Err(self.error(format!(
                "expected '{}', found '{}'",
                byte as char,
                b.escape_ascii()
            ))),
            None => Err(self.error(format!("expected '{}', found the end", byte as char))),
        }
    }

    /// Takes `word` (null, true, false).
    pub(crate) fn word(&self, word: &str) -> Result<(), DeError> {
        self.peek();
        let at = self.at.get();
        if self.text[at..].starts_with(word.as_bytes()) {
            self.at.set(at + word.len());
            Ok(())
        } else {
            Err(self.error(format!("expected {word}")))
        }
    }

    /// Takes the next value (of an array or object only its opening bracket). Not inlined:
    /// serde's reader of every type calls it, one copy serves them all.
    #[inline(never)]
    pub(crate) fn token(&self) -> Result<Token<'a>, DeError> {
        let token = match self.peek() {
            Some(b'n') => self.word("null").map(|()| Token::Null)?,
            Some(b't') => self.word("true").map(|()| Token::Bool(true))?,
            Some(b'f') => self.word("false").map(|()| Token::Bool(false))?,
            Some(b'"') => Token::Str(self.string()?),
            Some(b'[') => self.expect(b'[').map(|()| Token::Array)?,
            Some(b'{') => self.expect(b'{').map(|()| Token::Object)?,
            Some(_) => Token::Number(self.number()?),
            None => return Err(self.error("expected a value, found the end")),
        };
        Ok(token)
    }

    /// Takes the `open` bracket (`[` or `{`) that must come next; else says what came
    /// instead of what `expected` wanted.
    #[inline(never)]
    pub(crate) fn open(&self, open: u8, expected: &dyn serde::de::Expected) -> Result<(), DeError> {
        match self.token()? {
            Token::Array if open == b'[' => Ok(()),
            Token::Object if open == b'{' => Ok(()),
            other => Err(DeError::invalid_type(other.unexpected(), expected)),
        }
    }

    /// Takes a `null` if one is next.
    #[inline(never)]
    pub(crate) fn null(&self) -> Result<bool, DeError> {
        match self.peek() {
            Some(b'n') => self.word("null").map(|()| true),
            _ => Ok(false),
        }
    }

    /// The next key of an object (its `:` taken), or none and the `}` taken.
    #[inline(never)]
    pub(crate) fn key(&self, first: &mut bool) -> Result<Option<Cow<'a, str>>, DeError> {
        if !self.next_in(b'}', first)? {
            return Ok(None);
        }
        let key = self.string()?;
        self.expect(b':')?;
        Ok(Some(key))
    }

    /// Whether only white space is left.
    pub(crate) fn at_end(&self) -> bool {
        self.peek().is_none()
    }

    /// Takes a string; borrowed from the text unless it has escapes.
    pub(crate) fn string(&self) -> Result<Cow<'a, str>, DeError> {
        self.expect(b'"')?;
        let start = self.at.get();
        let mut at = start;
        let mut owned: Option<Vec<u8>> = None;
        loop {
            let Some(&b) = self.text.get(at) else {
                return Err(self.error("a string without its closing quote"));
            };
            match b {
                b'"' => break,
                b'\\' => {
                    let buf = owned.get_or_insert_with(|| self.text[start..at].to_vec());
                    let Some(&escape) = self.text.get(at + 1) else {
                        return Err(self.error("a string without its closing quote"));
                    };
                    at += 2;
                    let plain = match escape {
                        b'"' => b'"',
                        b'\\' => b'\\',
                        b'/' => b'/',
                        b'b' => 0x08,
                        b'f' => 0x0c,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'u' => {
                            let c = self.unicode_escape(&mut at)?;
                            buf.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                            continue;
                        }
                        other => {
                            self.at.set(at - 2);
                            return Err(self
                                .error(format!("an unknown escape '\\{}'", other.escape_ascii())));
                        }
                    };
                    buf.push(plain);
                }
                b => {
                    if let Some(buf) = owned.as_mut() {
                        buf.push(b);
                    }
                    at += 1;
                }
            }
        }
        let text = match owned {
            None => std::str::from_utf8(&self.text[start..at]).map(Cow::Borrowed),
            Some(buf) => String::from_utf8(buf)
                .map(Cow::Owned)
                .map_err(|e| e.utf8_error()),
        };
        let text = text.map_err(|_| self.error("a string that is not UTF-8"))?;
        self.at.set(at + 1);
        Ok(text)
    }

    /// `\uXXXX` after the `u` (at `at`), with the second half of a surrogate pair.
    fn unicode_escape(&self, at: &mut usize) -> Result<char, DeError> {
        let first = self.hex4(at)?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if self.text.get(*at..*at + 2) != Some(b"\\u") {
                return Err(self.error("a lone surrogate in a \\u escape"));
            }
            *at += 2;
            let second = self.hex4(at)?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error("a lone surrogate in a \\u escape"));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error("a \\u escape that is no character"))
    }

    fn hex4(&self, at: &mut usize) -> Result<u32, DeError> {
        let digits = self
            .text
            .get(*at..*at + 4)
            .and_then(|d| std::str::from_utf8(d).ok())
            .and_then(|d| u32::from_str_radix(d, 16).ok())
            .ok_or_else(|| self.error("a \\u escape without four hex digits"))?;
        *at += 4;
        Ok(digits)
    }

    /// Takes a number.
    pub(crate) fn number(&self) -> Result<Number, DeError> {
        self.peek();
        let start = self.at.get();
        let len = self.text[start..]
            .iter()
            .take_while(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
            .count();
        let token = std::str::from_utf8(&self.text[start..start + len])
            .map_err(|_| self.error("a number that is not ASCII"))?;
        // serde_json's reading of floats (in the wasm already for the cache's header),
        // not the standard library's, whose tables would add ~14 KB.
        let float = || {
            serde_json::from_slice::<f64>(token.as_bytes())
                .ok()
                .map(Number::Float)
        };
        let number = if token.contains(['.', 'e', 'E']) {
            float()
        } else if token.starts_with('-') {
            token.parse().ok().map(Number::Signed).or_else(float)
        } else {
            token.parse().ok().map(Number::Unsigned).or_else(float)
        };
        let number = number.ok_or_else(|| self.error(format!("'{token}' is not a number")))?;
        self.at.set(start + len);
        Ok(number)
    }

    /// Before the next element of an array or entry of an object (after its opening
    /// bracket was taken): false, and the closing bracket taken, when there is none.
    /// `first` is true until one was read; after it, a comma comes before each.
    #[inline(never)]
    pub(crate) fn next_in(&self, close: u8, first: &mut bool) -> Result<bool, DeError> {
        if self.peek() == Some(close) {
            self.at.set(self.at.get() + 1);
            return Ok(false);
        }
        if !std::mem::replace(first, false) {
            self.expect(b',')?;
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::{JsonCursor, Number};

    fn string(text: &str) -> Result<String, String> {
        let cursor = JsonCursor::new(text.as_bytes());
        let s = cursor.string().map_err(|e| e.to_string())?;
        assert!(cursor.at_end(), "the whole string was read: {text}");
        Ok(s.into_owned())
    }

    #[test]
    fn strings_read_every_escape_json_has() {
        assert_eq!(string(r#""plain""#).as_deref(), Ok("plain"));
        assert_eq!(
            string(r#""a\"b\\c\/d\b\f\n\r\t""#).as_deref(),
            Ok("a\"b\\c/d\u{8}\u{c}\n\r\t")
        );
        assert_eq!(string(r#""\u00fc\u20AC""#).as_deref(), Ok("ü€"));
        assert_eq!(string(r#""\ud83c\udf89!""#).as_deref(), Ok("🎉!"), "a pair");
        for bad in [
            r#""\ud83c""#,
            r#""\ud83c\u0041""#,
            r#""\udf89""#,
            r#""\u12""#,
            r#""\q""#,
            r#""open"#,
            r#""\"#,
        ] {
            let error = string(bad).expect_err(bad);
            assert!(error.contains("at byte"), "{bad}: {error}");
        }
        let not_utf8 = [b'"', 0xff, b'"'];
        assert!(JsonCursor::new(&not_utf8).string().is_err());
    }

    #[test]
    fn numbers_read_as_serde_json_reads_them() {
        let number = |t: &str| {
            JsonCursor::new(t.as_bytes())
                .number()
                .map_err(|e| e.to_string())
        };
        assert!(matches!(number("42"), Ok(Number::Unsigned(42))));
        assert!(matches!(
            number("-9223372036854775808"),
            Ok(Number::Signed(i64::MIN))
        ));
        assert!(matches!(
            number("18446744073709551615"),
            Ok(Number::Unsigned(u64::MAX))
        ));
        assert!(matches!(number("1.5e300"), Ok(Number::Float(f)) if f == 1.5e300));
        assert!(matches!(number("-0.25"), Ok(Number::Float(f)) if f == -0.25));
        assert!(matches!(
            number("18446744073709551616"),
            Ok(Number::Float(_))
        ));
        assert!(number("-").is_err());
        assert!(number("1.2.3").is_err());
        assert!(number("x").is_err());
    }

    #[test]
    fn brackets_and_words_say_what_stands_instead() {
        let cursor = JsonCursor::new(b"  [1 , 2]x");
        cursor.expect(b'[').expect("open");
        let mut first = true;
        let mut seen = 0;
        while cursor.next_in(b']', &mut first).expect("element") {
            cursor.number().expect("number");
            seen += 1;
        }
        assert_eq!(seen, 2);
        let error = cursor.expect(b',').expect_err("x").to_string();
        assert!(error.contains("found 'x' at byte 9"), "{error}");
        assert!(JsonCursor::new(b"nul").word("null").is_err());
        assert!(JsonCursor::new(b"").expect(b'{').is_err());
    }
}

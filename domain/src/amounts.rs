//! Amounts as users and ERP files write them (`1'234.50`, `1.234,50`, `1,234.50`, `CHF
//! 1234.50-`), read into cents and written back; used by imports and by forms.

/// How amounts are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberFormat {
    /// `1'234'567.50` (also with ’ or spaces as groups).
    Swiss,
    /// `1.234.567,50`.
    German,
    /// `1,234,567.50` (English-language CRMs).
    English,
    /// `1234567.50`.
    Plain,
}

impl NumberFormat {
    pub const ALL: [NumberFormat; 4] = [
        NumberFormat::Swiss,
        NumberFormat::German,
        NumberFormat::English,
        NumberFormat::Plain,
    ];

    fn groups(self) -> &'static [char] {
        match self {
            NumberFormat::Swiss => &['\'', '’', ' ', '\u{a0}', '\u{202f}'],
            NumberFormat::German => &['.', ' ', '\u{a0}', '\u{202f}'],
            NumberFormat::English => &[',', ' ', '\u{a0}', '\u{202f}'],
            NumberFormat::Plain => &[' ', '\u{a0}', '\u{202f}'],
        }
    }

    fn decimal(self) -> char {
        match self {
            NumberFormat::German => ',',
            NumberFormat::Swiss | NumberFormat::English | NumberFormat::Plain => '.',
        }
    }
}

/// Why an amount cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    NotANumber,
    TooLarge,
}

/// Reads an amount as cents. Currency marks (CHF, EUR, Fr., €) and a sign in front or
/// behind (`1.234,50-` as SAP writes it) are accepted; groups must be of three digits;
/// more than two decimals are rounded. Empty or a lone dash means "no figure".
pub fn parse_amount(raw: &str, format: NumberFormat) -> Result<Option<i64>, AmountError> {
    let mut s = raw.trim();
    for mark in ["CHF", "EUR", "SFr.", "sFr.", "Fr.", "€"] {
        if let Some(rest) = s.strip_prefix(mark) {
            s = rest.trim_start();
        }
        if let Some(rest) = s.strip_suffix(mark) {
            s = rest.trim_end();
        }
    }
    if s.is_empty() || s == "-" || s == "–" {
        return Ok(None);
    }
    // Whole francs as the Swiss write them on price tags: `250.–`.
    if format == NumberFormat::Swiss {
        s = s.trim_end_matches(".–").trim_end_matches(".-");
    }
    let mut negative = false;
    if let Some(rest) = s.strip_prefix(['-', '−']) {
        negative = true;
        s = rest.trim_start();
    } else if let Some(rest) = s.strip_suffix('-') {
        negative = true;
        s = rest.trim_end();
    }
    let (int_part, frac_part) = match s.rfind(format.decimal()) {
        Some(i) => (&s[..i], &s[i + format.decimal().len_utf8()..]),
        None => (s, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(AmountError::NotANumber);
    }
    // Groups: the first 1–3 digits, every further one exactly 3.
    let groups: Vec<&str> = int_part.split(format.groups()).collect();
    let grouped_ok = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    let digits: String = groups.concat();
    if !grouped_ok
        || !digits.chars().all(|c| c.is_ascii_digit())
        || !frac_part.chars().all(|c| c.is_ascii_digit())
        || (digits.is_empty() && frac_part.is_empty())
    {
        return Err(AmountError::NotANumber);
    }
    let digits = digits.trim_start_matches('0');
    if digits.len() > 15 {
        return Err(AmountError::TooLarge);
    }
    let whole: i64 = if digits.is_empty() {
        0
    } else {
        digits.parse().map_err(|_| AmountError::NotANumber)?
    };
    let frac = frac_part.as_bytes();
    let digit = |i: usize| frac.get(i).map_or(0, |d| i64::from(d - b'0'));
    let mut cents = whole * 100 + digit(0) * 10 + digit(1);
    if digit(2) >= 5 {
        cents += 1;
    }
    Ok(Some(if negative { -cents } else { cents }))
}

/// Reads an amount typed into a form, whatever the writer's habit: `'` means Swiss, a
/// comma German, a dot before exactly three digits (`500.000`) German grouping, else plain.
pub fn read_amount(text: &str) -> Result<Option<i64>, AmountError> {
    let t = text.trim();
    let three_digits = |tail: &str| tail.len() == 3 && tail.chars().all(|c| c.is_ascii_digit());
    let format = match (t.rfind(','), t.rfind('.')) {
        _ if t.contains(['\'', '’']) => NumberFormat::Swiss,
        (Some(c), Some(d)) if d > c => NumberFormat::English,
        (Some(_), Some(_)) => NumberFormat::German,
        (Some(c), None) if three_digits(&t[c + 1..]) => NumberFormat::English,
        (Some(_), None) => NumberFormat::German,
        (None, Some(d)) if three_digits(&t[d + 1..]) => NumberFormat::German,
        _ => NumberFormat::Plain,
    };
    parse_amount(t, format)
}

/// Writes an amount in cents the way `format` reads it back.
pub fn format_amount(cents: i64, format: NumberFormat) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let (whole, frac) = (abs / 100, abs % 100);
    let digits = whole.to_string();
    let group = match format {
        NumberFormat::Swiss => Some('\''),
        NumberFormat::German => Some('.'),
        NumberFormat::English => Some(','),
        NumberFormat::Plain => None,
    };
    let mut int = String::new();
    for (i, d) in digits.chars().enumerate() {
        if let Some(g) = group
            && i > 0
            && (digits.len() - i) % 3 == 0
        {
            int.push(g);
        }
        int.push(d);
    }
    format!("{sign}{int}{}{frac:02}", format.decimal())
}

//! URL slugs for skills, headings and titles.
//!
//! One rule for every slug (issue 13): `slug:` in front matter, file
//! names, skill names and heading ids. A slug is one or more words of
//! lowercase ASCII letters and digits joined by single dashes
//! (`backend-developers`, `csharp`); [`slugify`] always returns one (or
//! nothing), and a `slug:` is valid when slugify leaves it as it is.

/// The rule, as hints say it.
pub(crate) const RULE: &str =
    "a slug is lowercase letters a-z and digits, in words joined by single dashes";

/// Turns a name into a URL segment: lowercase ASCII words joined by `-`.
///
/// Programming-language names keep their meaning instead of losing their
/// punctuation: `#` becomes `sharp` and `+` becomes `p` (`C#` -> `csharp`,
/// `C++` -> `cpp`), and dots vanish (`Node.js` -> `nodejs`). Latin letters
/// lose their accent (`Diseño` -> `diseno`, `Straße` -> `strasse`); other
/// letters (`日本語`) are dropped like punctuation, so that every URL is
/// plain ASCII, in the sitemap too.
pub fn slugify(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_dash = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        let piece: Option<&str> = match c {
            '#' => Some("sharp"),
            '+' => Some("p"),
            '.' | '\'' | '\u{2019}' => continue,
            _ => None,
        };
        if let Some(piece) = piece {
            push_word(&mut out, piece, &mut pending_dash);
        } else if c.is_ascii_alphanumeric() {
            let mut buf = [0u8; 4];
            push_word(&mut out, c.encode_utf8(&mut buf), &mut pending_dash);
        } else if let Some(folded) = fold_accent(c) {
            push_word(&mut out, folded, &mut pending_dash);
        } else {
            pending_dash = true;
        }
    }
    out
}

fn push_word(out: &mut String, piece: &str, pending_dash: &mut bool) {
    if *pending_dash && !out.is_empty() {
        out.push('-');
    }
    *pending_dash = false;
    out.push_str(piece);
}

/// The ASCII spelling of a Latin letter with an accent or a ligature.
fn fold_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn programming_language_names_keep_their_meaning() {
        assert_eq!(slugify("C#"), "csharp");
        assert_eq!(slugify("C++"), "cpp");
        assert_eq!(slugify("Node.js"), "nodejs");
        assert_eq!(slugify("F#"), "fsharp");
        assert_eq!(slugify("Ruby on Rails"), "ruby-on-rails");
        assert_eq!(slugify("ASP.NET Core"), "aspnet-core");
    }

    #[test]
    fn headings_become_readable_ids() {
        assert_eq!(
            slugify("What is a backend developer?"),
            "what-is-a-backend-developer"
        );
        assert_eq!(slugify("  Hire & Employ  "), "hire-employ");
        assert_eq!(slugify("Don't panic"), "dont-panic");
        assert_eq!(slugify("Diseño UX"), "diseno-ux");
        assert_eq!(slugify("???"), "");
    }

    #[test]
    fn every_slug_is_plain_ascii() {
        assert_eq!(slugify("São Paulo"), "sao-paulo");
        assert_eq!(slugify("Straße Łódź"), "strasse-lodz");
        assert_eq!(slugify("日本語"), "");
        assert_eq!(slugify("Go 言語 tips"), "go-tips");
        for name in ["日本語", "Ünïcödé", "a--b", "-x-", "Ωmega 2"] {
            let slug = slugify(name);
            assert!(
                slug.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && !slug.starts_with('-')
                    && !slug.ends_with('-')
                    && !slug.contains("--"),
                "{name} -> {slug}"
            );
        }
    }
}

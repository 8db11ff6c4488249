//! URL slugs for skills, headings and titles.

/// Turns a name into a URL segment: lowercase ASCII words joined by `-`.
///
/// Programming-language names keep their meaning instead of losing their
/// punctuation: `#` becomes `sharp` and `+` becomes `p` (`C#` -> `csharp`,
/// `C++` -> `cpp`), and dots vanish (`Node.js` -> `nodejs`). Accented Latin
/// letters lose their accent (`Diseño` -> `diseno`); other letters and digits
/// are kept as they are.
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
        } else if c.is_alphanumeric() {
            let folded = fold_accent(c);
            let mut buf = [0u8; 4];
            push_word(&mut out, folded.encode_utf8(&mut buf), &mut pending_dash);
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

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        _ => c,
    }
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
}

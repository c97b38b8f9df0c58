//! URL slugs and heading anchors: lower-case ASCII letters, digits and hyphens, with Welsh
//! and other accented letters folded to their plain forms so `Ŵ` and `W` link alike.

/// Folds a letter with a diacritic (as used in Welsh and in most names families type) to
/// its plain ASCII letter.
fn fold(c: char) -> Option<char> {
    let plain = match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ẁ' | 'ẃ' | 'ŵ' | 'ẅ' => 'w',
        'ỳ' | 'ý' | 'ŷ' | 'ÿ' => 'y',
        'ç' => 'c',
        'ñ' => 'n',
        c if c.is_ascii_alphanumeric() => c,
        _ => return None,
    };
    Some(plain)
}

pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c == '\'' || c == '’' {
            continue;
        }
        match fold(c) {
            Some(p) => {
                if gap && !out.is_empty() {
                    out.push('-');
                }
                gap = false;
                out.push(p);
            }
            None => gap = true,
        }
    }
    out
}

/// Lower-cases and folds text for matching searches and glossary terms.
pub fn fold_for_search(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| fold(c).unwrap_or(c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain() {
        assert_eq!(slugify("What to bring"), "what-to-bring");
        assert_eq!(slugify("HMP & YOI Altcourse"), "hmp-yoi-altcourse");
        assert_eq!(
            slugify("Carchar y Berwyn: ŵyr ŷd"),
            "carchar-y-berwyn-wyr-yd"
        );
        assert_eq!(slugify("Visitors' centre"), "visitors-centre");
        assert_eq!(slugify("  --  "), "");
    }
}

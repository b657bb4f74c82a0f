//! `theme.primary`: the header's colour, named as mkdocs-material names its palette's primary
//! colours (`indigo`, `deep purple`) or written as a CSS hex colour. Material draws its header
//! in that colour, and logos are drawn for it (a white logo on indigo); a project moving from
//! Material keeps its header, and its logo stays visible.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// mkdocs-material's primary colours: the name, the header's background and its text colour
/// (from its `palette.css`).
const MATERIAL: &[(&str, &str, &str)] = &[
    ("red", "#ef5552", "#ffffff"),
    ("pink", "#e92063", "#ffffff"),
    ("purple", "#ab47bd", "#ffffff"),
    ("deep-purple", "#7e56c2", "#ffffff"),
    ("indigo", "#4051b5", "#ffffff"),
    ("blue", "#2094f3", "#ffffff"),
    ("light-blue", "#02a6f2", "#ffffff"),
    ("cyan", "#00bdd6", "#ffffff"),
    ("teal", "#009485", "#ffffff"),
    ("green", "#4cae4f", "#ffffff"),
    ("light-green", "#8bc34b", "#ffffff"),
    ("lime", "#cbdc38", "rgba(0, 0, 0, 0.87)"),
    ("yellow", "#ffec3d", "rgba(0, 0, 0, 0.87)"),
    ("amber", "#ffc105", "rgba(0, 0, 0, 0.87)"),
    ("orange", "#ffa724", "rgba(0, 0, 0, 0.87)"),
    ("deep-orange", "#ff6e42", "#ffffff"),
    ("brown", "#795649", "#ffffff"),
    ("grey", "#757575", "#ffffff"),
    ("blue-grey", "#546d78", "#ffffff"),
    ("black", "#151719", "#ffffff"),
    ("white", "#ffffff", "rgba(0, 0, 0, 0.87)"),
];

/// The header's colours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderColour {
    /// As written in the configuration.
    pub name: String,
    /// The header's background (a CSS colour).
    pub background: String,
    /// Its text and icons: white on a dark colour, near-black on a light one.
    pub foreground: String,
}

impl HeaderColour {
    /// The colours of a Material colour name (any case, spaces or hyphens: `Deep Purple`) or a
    /// hex colour (`#4051b5`, `#45b`); `None` for anything else.
    pub fn parse(name: &str) -> Option<HeaderColour> {
        let written = name.trim();
        if let Some(hex) = written.strip_prefix('#') {
            let digits: Vec<u8> = hex
                .chars()
                .map(|c| c.to_digit(16).map(|d| d as u8))
                .collect::<Option<_>>()?;
            let [r, g, b] = match digits.as_slice() {
                [r, g, b] => [r * 17, g * 17, b * 17],
                [r1, r2, g1, g2, b1, b2] => [r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2],
                _ => return None,
            };
            // WCAG relative luminance: dark text from where white would contrast less.
            let linear = |c: u8| {
                let c = f64::from(c) / 255.0;
                if c <= 0.04045 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            };
            let luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
            let foreground = if luminance > 0.4 {
                "rgba(0, 0, 0, 0.87)"
            } else {
                "#ffffff"
            };
            return Some(HeaderColour {
                name: written.to_string(),
                background: format!("#{}", hex.to_ascii_lowercase()),
                foreground: foreground.to_string(),
            });
        }
        let key = written.to_ascii_lowercase().replace([' ', '_'], "-");
        MATERIAL
            .iter()
            .find(|(n, _, _)| *n == key)
            .map(|(_, background, foreground)| HeaderColour {
                name: written.to_string(),
                background: background.to_string(),
                foreground: foreground.to_string(),
            })
    }

    /// The Material colour names, for messages.
    pub fn names() -> String {
        MATERIAL
            .iter()
            .map(|(n, _, _)| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Serialize for HeaderColour {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name)
    }
}

impl<'de> Deserialize<'de> for HeaderColour {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        HeaderColour::parse(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{name}` is not a colour: write one of {} or a hex colour such as `#4051b5`",
                HeaderColour::names()
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::HeaderColour;

    #[test]
    fn material_names_and_hex_colours() {
        let indigo = HeaderColour::parse("indigo").unwrap();
        assert_eq!(
            (indigo.background.as_str(), indigo.foreground.as_str()),
            ("#4051b5", "#ffffff")
        );
        assert_eq!(
            HeaderColour::parse("Deep Purple").unwrap().background,
            "#7e56c2"
        );
        assert_eq!(
            HeaderColour::parse("amber").unwrap().foreground,
            "rgba(0, 0, 0, 0.87)"
        );
        assert_eq!(
            HeaderColour::parse("#FFF").unwrap().foreground,
            "rgba(0, 0, 0, 0.87)"
        );
        assert_eq!(
            HeaderColour::parse("#1e3a5f").unwrap().foreground,
            "#ffffff"
        );
        assert_eq!(HeaderColour::parse("custom"), None);
        assert_eq!(HeaderColour::parse("#12"), None);
    }
}

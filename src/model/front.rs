//! Front matter: the YAML block at the top of a page, as typed data.
//!
//! Only the keys sadoc understands are typed; everything else (Jekyll's `nav_order`, Hugo's
//! `weight`, a team's own keys) is kept untouched in [`FrontMatter::meta`] for themes. Values are
//! read leniently where people are inconsistent in the wild: `tags: kafka` is a one-item list,
//! `title: 2024` is the text "2024". A key that holds another type (a map, a list where one
//! value is meant, a boolean where text is meant) fails to deserialize here; the loader then
//! ignores that key alone, with a warning.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

/// The typed keys of a page's front matter (DESIGN §3).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct FrontMatter {
    /// Page title; overrides the first `# heading`.
    #[serde(deserialize_with = "opt_text")]
    pub title: Option<String>,
    /// Document kind (`roadmap`, `overview`, `view`, `adr`, …); inferred from the path when absent.
    #[serde(deserialize_with = "opt_text")]
    pub kind: Option<String>,
    /// Stable identifier other documents refer to.
    #[serde(deserialize_with = "opt_text")]
    pub id: Option<String>,
    /// Lifecycle status (ADRs: proposed, accepted, …; other pages: free text).
    #[serde(deserialize_with = "opt_text")]
    pub status: Option<String>,
    /// Date the document was written or decided (ADRs); a blog post's `date: {created: …}`
    /// is its `created` date.
    #[serde(deserialize_with = "date_text")]
    pub date: Option<String>,
    /// People or teams owning the document.
    #[serde(deserialize_with = "text_list")]
    pub owners: Vec<String>,
    /// Free tags.
    #[serde(deserialize_with = "text_list")]
    pub tags: Vec<String>,
    /// Code paths (globs) this document is responsible for.
    #[serde(deserialize_with = "text_list")]
    pub governs: Vec<String>,
    /// ADRs this document cites (`ADR-0003`).
    #[serde(deserialize_with = "text_list")]
    pub adrs: Vec<String>,
    /// How `sadoc check` treats drift of governed code (`off`, which YAML also reads as the
    /// boolean `false`).
    #[serde(deserialize_with = "switch")]
    pub drift: Option<String>,
    /// View: `module`, `cnc` or `allocation`.
    #[serde(deserialize_with = "opt_text")]
    pub viewtype: Option<String>,
    /// View: built-in style or custom viewpoint id.
    #[serde(deserialize_with = "opt_text")]
    pub style: Option<String>,
    /// View packet: the view or packet it refines.
    #[serde(deserialize_with = "opt_text")]
    pub parent: Option<String>,
    /// View: related views.
    #[serde(deserialize_with = "text_list")]
    pub related_views: Vec<String>,
    /// View: stakeholders it is written for.
    #[serde(deserialize_with = "text_list")]
    pub stakeholders: Vec<String>,
    /// When it was last reviewed (`YYYY-MM-DD`).
    #[serde(deserialize_with = "date_text")]
    pub last_reviewed: Option<String>,
    /// How often it is reviewed: `90d`, `never`, or `{ every: 90d }` (read by
    /// [`crate::model::review`]).
    #[serde(deserialize_with = "review_every")]
    pub review: Option<String>,
    /// ADR (MADR): who decided. `deciders` is accepted as an older spelling.
    #[serde(
        rename(deserialize = "decision-makers"),
        alias = "decision_makers",
        alias = "deciders",
        deserialize_with = "text_list"
    )]
    pub decision_makers: Vec<String>,
    /// ADR (MADR): who was consulted.
    #[serde(deserialize_with = "text_list")]
    pub consulted: Vec<String>,
    /// ADR (MADR): who was informed.
    #[serde(deserialize_with = "text_list")]
    pub informed: Vec<String>,
    /// ADR: the ADRs this one replaces (`ADR-0002`, `0002-x.md`).
    #[serde(deserialize_with = "text_list")]
    pub supersedes: Vec<String>,
    /// ADR: the ADRs that replace this one.
    #[serde(alias = "superseded-by", deserialize_with = "text_list")]
    pub superseded_by: Vec<String>,
    /// ADR: the ADRs this one amends.
    #[serde(deserialize_with = "text_list")]
    pub amends: Vec<String>,
    /// ADR: the ADRs that amend this one.
    #[serde(alias = "amended-by", deserialize_with = "text_list")]
    pub amended_by: Vec<String>,
    /// Whether the first use of each glossary term on the page links to the glossary
    /// (default: yes).
    pub glossary_links: Option<bool>,
    /// Mapping: tables relating the elements of views, column by column.
    pub mapping: Vec<MappingTable>,
    /// Sections that govern code of their own, by heading id (`rollout: { governs: [...] }`):
    /// only a change to that section keeps the code's drift check satisfied.
    pub sections: BTreeMap<String, SectionFront>,
    /// View: its picture drawn from its elements and relations: `generated` (always), `none`
    /// (never); by default, when the view has no picture of its own.
    #[serde(deserialize_with = "opt_text")]
    pub diagram: Option<String>,
    /// View: the elements it declares.
    pub elements: Vec<Element>,
    /// View: the relations between its elements.
    pub relations: Vec<Relation>,
    /// Every key of the block, including the ones above, for themes.
    #[serde(skip_deserializing)]
    pub meta: Meta,
    /// The 1-based line of the file on which each top-level key stands.
    #[serde(skip)]
    pub key_lines: BTreeMap<String, u32>,
}

/// Every key of a front matter block as generic values (`nav_order: 3`, a team's own keys),
/// for themes and the page's description.
///
/// Read from the block's YAML the first time it is asked for: `sadoc check` never asks, and
/// reading YAML twice for every document (typed, then generic) was an eighth of its time.
#[derive(Clone, Default)]
pub struct Meta {
    /// The YAML still to read; `None` when the map was given.
    yaml: Option<std::sync::Arc<str>>,
    map: std::sync::OnceLock<serde_json::Map<String, serde_json::Value>>,
}

impl Meta {
    /// Keys already read.
    pub fn new(map: serde_json::Map<String, serde_json::Value>) -> Self {
        Meta {
            yaml: None,
            map: map.into(),
        }
    }

    /// The keys of `yaml`, a block the typed front matter was read from without error, read
    /// when first asked for (a block that is not a mapping has none).
    pub fn from_yaml(yaml: &str) -> Self {
        Meta {
            yaml: Some(yaml.into()),
            map: std::sync::OnceLock::new(),
        }
    }

    /// Whether `key` may be among the keys: `false` only when it is surely not, read without
    /// reading the YAML (the block's text does not contain it).
    pub fn may_have(&self, key: &str) -> bool {
        match (&self.yaml, self.map.get()) {
            (Some(yaml), None) => yaml.contains(key),
            _ => self.map().contains_key(key),
        }
    }

    /// The YAML the keys are read from, when they were not given as a map: the same text
    /// always gives the same keys.
    pub fn yaml(&self) -> Option<&str> {
        self.yaml.as_deref()
    }

    /// The keys and their values.
    pub fn map(&self) -> &serde_json::Map<String, serde_json::Value> {
        self.map.get_or_init(|| {
            match self
                .yaml
                .as_deref()
                .map(serde_saphyr::from_str::<serde_json::Value>)
            {
                Some(Ok(serde_json::Value::Object(map))) => map,
                _ => serde_json::Map::new(),
            }
        })
    }
}

impl std::ops::Deref for Meta {
    type Target = serde_json::Map<String, serde_json::Value>;

    fn deref(&self) -> &Self::Target {
        self.map()
    }
}

impl PartialEq for Meta {
    fn eq(&self, other: &Self) -> bool {
        self.map() == other.map()
    }
}

impl fmt::Debug for Meta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.map().fmt(f)
    }
}

impl Serialize for Meta {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.map().serialize(serializer)
    }
}

/// What front matter says of one section of the page.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct SectionFront {
    /// Code paths (globs) the section is responsible for.
    #[serde(deserialize_with = "text_list")]
    pub governs: Vec<String>,
}

/// An element declared by a view.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct Element {
    /// Identifier, unique within the view.
    #[serde(deserialize_with = "opt_text")]
    pub id: Option<String>,
    /// Display name.
    #[serde(deserialize_with = "opt_text")]
    pub name: Option<String>,
    /// Element type (from the viewpoint's vocabulary).
    #[serde(rename = "type", deserialize_with = "opt_text")]
    pub kind: Option<String>,
    /// What it is responsible for.
    #[serde(deserialize_with = "opt_text")]
    pub responsibility: Option<String>,
    /// Code paths it is implemented by.
    #[serde(deserialize_with = "text_list")]
    pub governs: Vec<String>,
}

/// A mapping table in front matter: one column per view, one row per correspondence.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct MappingTable {
    /// The views of the columns (ids, file names or paths).
    #[serde(deserialize_with = "text_list")]
    pub views: Vec<String>,
    /// The rows: in each, one cell per column, naming elements (several separated by commas).
    pub rows: Vec<Row>,
}

/// One row of a mapping table.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Row(pub Vec<String>);

impl<'de> Deserialize<'de> for Row {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text_list(d).map(Row)
    }
}

/// A relation between two elements of a view.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct Relation {
    /// Source element id.
    #[serde(deserialize_with = "opt_text")]
    pub from: Option<String>,
    /// Target element id.
    #[serde(deserialize_with = "opt_text")]
    pub to: Option<String>,
    /// Relation type (from the viewpoint's vocabulary).
    #[serde(rename = "type", deserialize_with = "opt_text")]
    pub kind: Option<String>,
}

/// A YAML scalar read as text, whatever its YAML type.
struct Text(Option<String>);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a single text value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(Some(v.trim().to_string())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Err(de::Error::invalid_type(de::Unexpected::Bool(v), &self))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(Some(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(Some(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(Some(v.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Text, D::Error> {
                d.deserialize_any(V)
            }
        }
        d.deserialize_any(V)
    }
}

fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Text::deserialize(d)?.0.filter(|s| !s.is_empty()))
}

/// A text value or a YAML 1.1 switch word (`off`, `no`, `false`), read as text.
fn switch<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Switch {
        Bool(bool),
        Text(Text),
    }
    Ok(match Switch::deserialize(d)? {
        Switch::Bool(false) => Some("off".to_string()),
        Switch::Bool(true) => Some("on".to_string()),
        Switch::Text(Text(text)) => text.filter(|s| !s.is_empty()),
    })
}

/// `review: 90d`, `review: never` (or `false`), or `review: { every: 90d }`, as text.
fn review_every<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(false) => Some("never".to_string()),
        serde_json::Value::Bool(true) => Some("true".to_string()),
        _ => None,
    };
    Ok(match &value {
        serde_json::Value::Object(map) => map.get("every").and_then(text),
        serde_json::Value::Null => None,
        other => text(other),
    })
}

/// `date: 2024-01-31`, or the `created` date of mkdocs-material's blog form
/// `date: {created: 2024-01-31, updated: …}`.
fn date_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match &value {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::Object(map) if map.contains_key("created") => {
            Ok(map.get("created").and_then(text))
        }
        serde_json::Value::String(_) | serde_json::Value::Number(_) => Ok(text(&value)),
        _ => Err(de::Error::custom(
            "a date (`2024-01-31`, or `{created: 2024-01-31}`)",
        )),
    }
}

fn text_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of text values, or a single one")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
            let mut out = Vec::new();
            while let Some(Text(item)) = seq.next_element::<Text>()? {
                out.extend(item.filter(|s| !s.is_empty()));
            }
            Ok(out)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
            Ok(one(v.trim()))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Vec<String>, E> {
            Err(de::Error::invalid_type(de::Unexpected::Bool(v), &self))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Vec<String>, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Vec<String>, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Vec<String>, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_unit<E: de::Error>(self) -> Result<Vec<String>, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: de::Error>(self) -> Result<Vec<String>, E> {
            Ok(Vec::new())
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<String>, D::Error> {
            d.deserialize_any(V)
        }
    }
    d.deserialize_any(V)
}

fn one(v: &str) -> Vec<String> {
    if v.is_empty() {
        Vec::new()
    } else {
        vec![v.to_string()]
    }
}

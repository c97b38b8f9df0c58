//! A backstop against YAML aliases: serde_yaml keeps the parsed events once, but each alias
//! replays its anchor's events into the value being built, so a short file can expand to
//! gigabytes. Walking the document with a visitor that builds nothing and stops once the
//! expanded text passes a budget bounds both the time and the memory, whatever the
//! lexical check in [`super::scan`] missed.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

/// Far more than any real front matter (a long prison page is about 5 KB).
pub const MAX_EXPANDED: usize = 1 << 20;

/// `Err(())` when reading `yaml` would make more than [`MAX_EXPANDED`] bytes of values.
/// Other errors (syntax, serde_yaml's own repetition limit for nested aliases) are not
/// this check's business: they pass, and the real read reports them.
pub fn check(yaml: &str) -> Result<(), ()> {
    let mut left = MAX_EXPANDED;
    let walked = Walk { left: &mut left }.deserialize(serde_yaml::Deserializer::from_str(yaml));
    match walked {
        Ok(()) => Ok(()),
        Err(e) if e.to_string().contains(OVER) => Err(()),
        Err(_) => Ok(()),
    }
}

const OVER: &str = "front matter over its size budget";

struct Walk<'a> {
    left: &'a mut usize,
}

impl Walk<'_> {
    fn spend<E: de::Error>(&mut self, n: usize) -> Result<(), E> {
        // Every value costs a little, so a million empty items count too.
        *self.left = self
            .left
            .checked_sub(n + 1)
            .ok_or_else(|| E::custom(OVER))?;
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(mut self, _: bool) -> Result<(), E> {
        self.spend(1)
    }
    fn visit_i64<E: de::Error>(mut self, _: i64) -> Result<(), E> {
        self.spend(8)
    }
    fn visit_u64<E: de::Error>(mut self, _: u64) -> Result<(), E> {
        self.spend(8)
    }
    fn visit_f64<E: de::Error>(mut self, _: f64) -> Result<(), E> {
        self.spend(8)
    }
    fn visit_str<E: de::Error>(mut self, v: &str) -> Result<(), E> {
        self.spend(v.len())
    }
    fn visit_unit<E: de::Error>(mut self) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_none<E: de::Error>(mut self) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(Walk {
                left: &mut *self.left,
            })?
            .is_some()
        {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map
            .next_key_seed(Walk {
                left: &mut *self.left,
            })?
            .is_some()
        {
            map.next_value_seed(Walk {
                left: &mut *self.left,
            })?;
        }
        Ok(())
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use de::VariantAccess;
        let left = self.left;
        let ((), variant) = data.variant_seed(Walk { left: &mut *left })?;
        variant.newtype_variant_seed(Walk { left })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alias_bomb_is_over_budget_and_stops_early() {
        let mut yaml = format!("a: &big \"{}\"\nb: [", "x".repeat(100_000));
        yaml.push_str(&vec!["*big"; 5000].join(", "));
        yaml.push_str("]\n");
        let started = std::time::Instant::now();
        assert_eq!(check(&yaml), Err(()));
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        // Nested aliases (a billion laughs) hit serde_yaml's own repetition limit first.
    }

    #[test]
    fn ordinary_front_matter_is_within_budget() {
        assert_eq!(check("title: x\nlist: [a, b]\nn: 3\nm: {k: v}\n"), Ok(()));
        assert_eq!(check("title: [unclosed\n"), Ok(()));
    }
}

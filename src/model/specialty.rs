//! The admin's specialty form and its rules (shared by the admin page and the server).

use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldErrors};

/// A specialty as an admin creates or edits it. An empty slug is derived from the name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SpecialtyForm {
    pub slug: String,
    pub name: String,
    pub description: String,
}

impl SpecialtyForm {
    /// The slug to store: as given (if canonical) or derived from the name.
    pub fn effective_slug(&self) -> String {
        if self.slug.trim().is_empty() {
            super::slug::slugify(&self.name)
        } else {
            self.slug.trim().to_string()
        }
    }

    pub fn validate(&self) -> Result<(), AppError> {
        let mut e = FieldErrors::new();
        let name = self.name.trim().chars().count();
        if !(2..=80).contains(&name) {
            e.insert("name".into(), "Use 2 to 80 characters.".into());
        }
        let slug = self.effective_slug();
        if slug.is_empty() || slug.len() > 80 || super::slug::slugify(&slug) != slug {
            e.insert("slug".into(), "Use lowercase letters, digits and single hyphens, like heart-surgery.".into());
        }
        if self.description.trim().chars().count() > 400 {
            e.insert("description".into(), "Use at most 400 characters.".into());
        }
        if e.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_derived_or_checked() {
        let f = SpecialtyForm { name: "Sleep Medicine".into(), ..Default::default() };
        assert_eq!((f.effective_slug().as_str(), f.validate()), ("sleep-medicine", Ok(())));
        let bad = SpecialtyForm { slug: "Sleep Medicine!".into(), name: "x".into(), description: "d".repeat(401) };
        let Err(AppError::Validation(e)) = bad.validate() else { panic!() };
        assert_eq!(e.into_keys().collect::<Vec<_>>(), ["description", "name", "slug"]);
    }
}

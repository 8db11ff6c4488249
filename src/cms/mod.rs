//! The Git-based CMS (Sveltia CMS) and the content model it edits.

pub(crate) mod fields;

//! whosaid: a search engine for news.
pub mod analysis;
pub mod article;

//! The built-in templates of new ADRs, as text: what `sadoc adr new` writes, and what the
//! checks recognise as a template's prompt left unfilled in a record.
//!
//! Placeholders (`{{title}}`, `{{date}}`, …) are replaced by `crate::edit::template`.

/// adr-tools' template (Michael Nygard's format).
pub const NYGARD: &str = "# {{number}}. {{title}}

Date: {{date}}

## Status

{{status}}

## Context

What is the issue that we're seeing that is motivating this decision or change?

## Decision

What is the change that we're proposing and/or doing?

## Consequences

What becomes easier or more difficult to do because of this change?
";

/// MADR 4's minimal template, with its YAML front matter.
pub const MADR: &str = "---
status: {{status}}
date: {{date}}
decision-makers: []
---

# {{title}}

## Context and Problem Statement

Describe the context and problem statement in two or three sentences, or as a question.

## Considered Options

* Option 1
* Option 2

## Decision Outcome

Chosen option: \"Option 1\", because it is the only option that meets the key decision driver.

### Consequences

* Good, because …
* Bad, because …
";

//! The built-in templates of new ADRs, as text: what `sadoc adr new` writes, and what the
//! checks recognise as a template's prompt left unfilled in a record.
//!
//! Placeholders (`{{title}}`, `{{date}}`, …) are replaced by `crate::edit::template`.

/// adr-tools' template (Michael Nygard's format), with adr-tools 3's prompts, so a record
/// `sadoc adr new` writes is the one `adr new` writes.
pub const NYGARD: &str = "# {{number}}. {{title}}

Date: {{date}}

## Status

{{status}}

## Context

The issue motivating this decision, and any context that influences or constrains the decision.

## Decision

The change that we're proposing or have agreed to implement.

## Consequences

What becomes easier or more difficult to do and any risks introduced by the change that will need to be mitigated.
";

/// The prompts of adr-tools before version 3 (and of Nygard's article), which older logs
/// still hold: only recognised, never written.
pub const NYGARD_EARLIER: &str = "## Context

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
consulted: []
informed: []
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

/// MADR 2's metadata bullets, as log4brains writes them: for a date-named log.
pub const BULLETS: &str = "# {{title}}

- Status: {{status}}
- Date: {{date}}

## Context and Problem Statement

Describe the context and problem statement in two or three sentences, or as a question.

## Considered Options

- Option 1
- Option 2

## Decision Outcome

Chosen option: \"Option 1\", because it is the only option that meets the key decision driver.

### Consequences

- Good, because …
- Bad, because …
";

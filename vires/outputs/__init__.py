"""Words and pictures for people: answer text, diffs, register listings, the scheme and the diagram."""

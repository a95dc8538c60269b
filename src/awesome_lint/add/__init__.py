"""`awesome-lint add`: a new paper written the way its list writes entries.

- ``paper``: the facts about the paper (arXiv, its code repository, its venue);
- ``place``: which section, and where in it the entry goes (``history``: where the list's
  recent additions went, from git);
- ``style``: the entry's text, copied from the shape of a neighbour (``date_text``: its date;
  ``leftovers``: what of the neighbour is left out);
- ``command``: the subcommand's arguments, output and write.
"""

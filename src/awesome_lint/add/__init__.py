"""`awesome-lint add`: a new paper written the way its list writes entries.

- ``paper``: the facts about the paper (arXiv, its code repository, its venue);
- ``place``: which section, and where in it the entry goes;
- ``style``: the entry's text, copied from the shape of a neighbour;
- ``command``: the subcommand's arguments, output and write.
"""

"""Read the fields of a citation written in Chinese conventions (:func:`.parser.parse_chinese`).

The parser runs passes over one :class:`.reading.ChineseReading`: titles (:mod:`.titles`), numbered
and labelled fields (:mod:`.fields`), then what is left (:mod:`.residue`).
"""

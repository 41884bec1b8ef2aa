"""Read the fields of a citation written in Western conventions (:func:`.parser.parse_western`).

The parser runs passes over one :class:`.reading.WesternReading`: numbers and dates
(:mod:`.imprint`), creators (:mod:`.creators`), the title and its container (:mod:`.titles`), then
the imprint after the title (:mod:`.imprint`).
"""

{#- The citations of an article's blocks (pipeline/writers/citations.py), for its "cite" dialog. -#}
window.editionCitations = {{ citations | tojson }};

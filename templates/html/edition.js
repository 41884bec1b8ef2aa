// Progressive enhancement only: the edition reads completely without scripts.

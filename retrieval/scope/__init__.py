"""What a question is limited to: a period («في ماي 2017», :mod:`retrieval.scope.periods`) and an outlet
(«ماذا نشرت عكاظ عن …», :mod:`retrieval.scope.outlets`)."""

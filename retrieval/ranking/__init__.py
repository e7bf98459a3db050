"""Finding and ordering the sentences that answer: the two legs and their fusion
(:mod:`retrieval.ranking.search`, :mod:`retrieval.ranking.fuse`), the question's vector
(:mod:`retrieval.ranking.question_vectors`) and copies of one statement (:mod:`retrieval.ranking.copies`)."""

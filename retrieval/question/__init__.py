"""A user's message as a question: made safe and normalised (:mod:`retrieval.question.question_text`), then
understood once per turn (:mod:`retrieval.question.understand`)."""

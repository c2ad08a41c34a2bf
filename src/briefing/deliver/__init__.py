"""Stage 6, deliver: a built PDF -> an e-mail message -> an SMTP server (:mod:`.mail`)."""

"""Stage 6, deliver: a built PDF -> an e-mail message (:mod:`.mail`, its words in
:mod:`.body`) -> an SMTP server (:mod:`.smtp`)."""

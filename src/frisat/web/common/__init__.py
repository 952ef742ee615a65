"""What every part of the web app shares and none owns: the staff page shell and its view helpers
(:mod:`.staff`), the upload and date form pieces (:mod:`.forms`), Danish dates and response-rate
texts (:mod:`.formatting`) and link tokens (:mod:`.tokens`). It imports from no app of
``frisat.web``, so every app can import from it."""

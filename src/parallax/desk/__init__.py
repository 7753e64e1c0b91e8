"""The news desk: a persistent store, story clustering, feeds and the web app (issue 5)."""

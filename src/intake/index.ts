/**
 * The intake's contract: the public role that sources use (codenames, resumable uploads, submissions,
 * messages, retention). It loads nothing of the staff side: that is src/inbox.
 */

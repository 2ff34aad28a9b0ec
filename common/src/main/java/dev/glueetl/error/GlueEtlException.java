package dev.glueetl.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user-facing error: a stable {@link ErrorCode}, the parameters that explain it, and a message saying what is wrong,
 * where, and what to do. Build them through {@link Errors} so the wording stays in one place.
 */
public final class GlueEtlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final Map<String, String> parameters;

  GlueEtlException(ErrorCode code, Map<String, String> parameters, String message, Throwable cause) {
    // User errors are not bugs: no stack trace, so a console or Glue log shows the one line that matters.
    super("[" + code + "] " + message, cause, false, false);
    this.code = code;
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  public ErrorCode code() {
    return code;
  }

  /** The values the message was built from (key path, file, expected value, ...), for tests and machine consumers. */
  public Map<String, String> parameters() {
    return parameters;
  }
}

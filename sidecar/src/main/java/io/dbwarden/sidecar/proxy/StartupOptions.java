package io.dbwarden.sidecar.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run-time settings a client asks for in the startup packet's {@code options} parameter, read
 * the way the server reads them: words split on white space with backslash escapes, settings given
 * as {@code -c name=value}, {@code -cname=value} or {@code --name=value} (where dashes in the name
 * become underscores).
 *
 * @see <a href="https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-OPTIONS">
 *     options</a>
 */
final class StartupOptions {

  /** Settings that would switch the database role the proxy logs in as. */
  private static final List<String> ROLE_SWITCHING = List.of("role", "session_authorization");

  private StartupOptions() {}

  /** True when the options set a setting that switches the database role. */
  static boolean switchesRole(String options) {
    return settingNames(options).stream().anyMatch(ROLE_SWITCHING::contains);
  }

  /** The names of the settings the options set, lower-cased, dashes as underscores. */
  static List<String> settingNames(String options) {
    List<String> words = split(options);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      String setting = null;
      if (word.equals("-c") && i + 1 < words.size()) {
        setting = words.get(++i);
      } else if (word.startsWith("--")) {
        setting = word.substring(2).replace('-', '_');
      } else if (word.startsWith("-c")) {
        setting = word.substring(2);
      }
      if (setting != null) {
        int equals = setting.indexOf('=');
        String name = equals < 0 ? setting : setting.substring(0, equals);
        names.add(name.trim().toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  private static List<String> split(String options) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean escaped = false;
    for (int i = 0; i < options.length(); i++) {
      char c = options.charAt(i);
      if (escaped) {
        word.append(c);
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (Character.isWhitespace(c)) {
        if (!word.isEmpty()) {
          words.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.append(c);
      }
    }
    if (!word.isEmpty()) {
      words.add(word.toString());
    }
    return words;
  }
}

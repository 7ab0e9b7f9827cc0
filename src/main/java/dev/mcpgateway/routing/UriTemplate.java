package dev.mcpgateway.routing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a URI could have come from an RFC 6570 URI template, to route
 * {@code resources/read} of a templated resource to the backend that declared the template.
 * Variables match loosely (any text their operator allows); literals must match exactly.
 */
public final class UriTemplate {

    private static final Pattern EXPRESSION = Pattern.compile("\\{([+#./;?&]?)([^}]*)}");

    private final String template;
    private final Pattern pattern;

    private UriTemplate(String template, Pattern pattern) {
        this.template = template;
        this.pattern = pattern;
    }

    /** Compiles a template; a malformed one (unbalanced braces) only matches itself. */
    public static UriTemplate compile(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher m = EXPRESSION.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            regex.append(switch (m.group(1)) {
                case "" -> "[^/?#]*";
                case "+" -> ".*";
                case "#" -> "(?:#.*)?";
                case "." -> "(?:\\.[^/?#]*)*";
                case "/" -> "(?:/[^?#]*)*";
                case ";" -> "(?:;[^/?#]*)*";
                case "?" -> "(?:\\?[^#]*)?";
                case "&" -> "(?:&[^#]*)?";
                default -> throw new IllegalStateException("unreachable");
            });
            last = m.end();
        }
        String rest = template.substring(last);
        if (rest.indexOf('{') >= 0 || rest.indexOf('}') >= 0) {
            return new UriTemplate(template, Pattern.compile(Pattern.quote(template)));
        }
        regex.append(Pattern.quote(rest));
        return new UriTemplate(template, Pattern.compile(regex.toString()));
    }

    public boolean matches(String uri) {
        return pattern.matcher(uri).matches();
    }

    /** Number of literal characters: with several matching templates, the most specific wins. */
    public int literalLength() {
        return EXPRESSION.matcher(template).replaceAll("").length();
    }

    @Override
    public String toString() {
        return template;
    }
}

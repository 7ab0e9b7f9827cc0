package dev.mcpgateway.cli;

/**
 * One positional argument of a command ({@code validate [FILE]}), read back with
 * {@link ParsedArgs#value(PositionalSpec)}.
 *
 * @param label the placeholder in help and messages ({@code FILE})
 * @param type how the text becomes the value
 * @param required whether the command fails without it
 * @param description what it is, for help
 * @param <T> the type of the value
 */
record PositionalSpec<T>(String label, ValueType<T> type, boolean required, String description) {

    PositionalSpec {
        if (label == null || label.isBlank() || type == null || description == null || description.isBlank()) {
            throw new IllegalArgumentException("a positional argument needs a label, a type and a description");
        }
    }

    /** {@code FILE} if required, {@code [FILE]} if not. */
    String usage() {
        return required ? label : "[" + label + "]";
    }
}

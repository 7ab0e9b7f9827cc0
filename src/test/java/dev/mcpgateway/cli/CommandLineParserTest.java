package dev.mcpgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineParserTest {

    enum Color { RED, DARK_GREEN }

    static final OptionSpec<Path> FILE = OptionSpec.value(List.of("-f", "--file"), "FILE", ValueType.PATH, "A file.");
    static final OptionSpec<Integer> PORT = OptionSpec.value(List.of("--port"), "PORT", ValueType.PORT, "A port.");
    static final OptionSpec<Color> COLOR = OptionSpec.value(List.of("--color"), "COLOR", ValueType.oneOf(Color.values()),
            "A color.").withDefault("red");
    static final OptionSpec<String> NAME = OptionSpec.value(List.of("-n", "--name"), "NAME", ValueType.STRING, "A name.");
    static final OptionSpec<Boolean> VERBOSE = OptionSpec.flag(List.of("-v", "--verbose"), "Say more.");
    static final OptionSpec<Boolean> ALPHA = OptionSpec.flag(List.of("--alpha"), "Alpha mode.");
    static final OptionSpec<String> BETA = OptionSpec.value(List.of("--beta"), "MODE", ValueType.STRING, "Beta mode.");
    static final PositionalSpec<String> INPUT = new PositionalSpec<>("INPUT", ValueType.STRING, false, "The input.");

    static final CommandSpec TRY = new CommandSpec("try", List.of("A command to try the parser with."),
            List.of(FILE, PORT, COLOR, NAME, VERBOSE, ALPHA, BETA), List.of(INPUT),
            List.of(new ExclusiveGroup(false, List.of(ALPHA, BETA))));

    private static ParsedArgs parse(String... args) {
        return CommandLineParser.parse(TRY, args, 0);
    }

    private static void assertUsageError(String message, String... args) {
        assertThatThrownBy(() -> parse(args)).isInstanceOf(UsageException.class).hasMessage(message);
    }

    @Test
    void valuesComeSeparateOrAfterAnEqualsSignForLongAndShortNames() {
        for (String[] args : List.of(
                new String[] {"--file", "a.yaml", "--name", "x"},
                new String[] {"--file=a.yaml", "--name=x"},
                new String[] {"-f", "a.yaml", "-n", "x"},
                new String[] {"-f=a.yaml", "-n=x"})) {
            ParsedArgs parsed = parse(args);
            assertThat(parsed.value(FILE)).as(String.join(" ", args)).isEqualTo(Path.of("a.yaml"));
            assertThat(parsed.value(NAME)).isEqualTo("x");
        }
        assertThat(parse("--name=a=b").value(NAME)).as("only the first = splits").isEqualTo("a=b");
        assertThat(parse("--name=").value(NAME)).isEmpty();
        assertThat(parse("--name=--odd").value(NAME)).as("a value starting with -- needs the = form").isEqualTo("--odd");
    }

    @Test
    void absentOptionsGiveTheirDefaultOrNull() {
        ParsedArgs parsed = parse();

        assertThat(parsed.value(COLOR)).isEqualTo(Color.RED);
        assertThat(parsed.given(COLOR)).isFalse();
        assertThat(parsed.value(FILE)).isNull();
        assertThat(parsed.value(PORT)).isNull();
        assertThat(parsed.flag(VERBOSE)).isFalse();
        assertThat(parsed.value(INPUT)).isNull();
        assertThat(parsed.helpRequested()).isFalse();
        assertThat(parsed.versionRequested()).isFalse();
    }

    @Test
    void flagsAndPositionalsMix() {
        ParsedArgs parsed = parse("-v", "in.txt", "--port", "0");

        assertThat(parsed.flag(VERBOSE)).isTrue();
        assertThat(parsed.value(INPUT)).isEqualTo("in.txt");
        assertThat(parsed.value(PORT)).isZero();
        assertThat(parse("-").value(INPUT)).as("- alone is an argument").isEqualTo("-");
    }

    @Test
    void choicesAreCaseInsensitiveAndAnUnknownOneListsTheValidOnes() {
        assertThat(parse("--color", "DARK_GREEN").value(COLOR)).isEqualTo(Color.DARK_GREEN);
        assertThat(parse("--color", "dark_green").value(COLOR)).isEqualTo(Color.DARK_GREEN);
        assertThat(parse("--color=Red").value(COLOR)).isEqualTo(Color.RED);
        assertThat(parse("--color=Red").given(COLOR)).isTrue();
        assertUsageError("--color: expected one of red, dark_green, got 'blue'", "--color", "blue");
    }

    @Test
    void portsAreZeroTo65535() {
        assertThat(parse("--port", "65535").value(PORT)).isEqualTo(65535);
        assertUsageError("--port: port must be 0..65535, got 'abc'", "--port", "abc");
        assertUsageError("--port: port must be 0..65535, got '65536'", "--port=65536");
        assertUsageError("--port: port must be 0..65535, got '-1'", "--port", "-1");
        assertUsageError("--port: port must be 0..65535, got ''", "--port=");
    }

    @Test
    void pathsMustNotBeEmpty() {
        assertUsageError("--file: expected a path, got an empty value", "--file=");
        assertUsageError("-f: expected a path, got an empty value", "-f", "");
    }

    @Test
    void aMissingValueIsAnError() {
        assertUsageError("--file needs a value: --file FILE", "--file");
        assertUsageError("-f needs a value: -f FILE", "-f", "--port", "1");
        assertUsageError("--name needs a value: --name NAME", "--name", "-v");
        assertUsageError("--name needs a value: --name NAME", "--name", "--help");
        assertUsageError("--name needs a value: --name NAME", "--name", "--");
        assertThat(parse("--name", "-x").value(NAME)).as("not an option of ours: a value").isEqualTo("-x");
    }

    @Test
    void aFlagTakesNoValue() {
        assertUsageError("--verbose is a flag and takes no value (got '--verbose=true')", "--verbose=true");
        assertUsageError("-v is a flag and takes no value (got '-v=')", "-v=");
        assertUsageError("--help is a flag and takes no value (got '--help=yes')", "--help=yes");
    }

    @Test
    void anOptionIsGivenAtMostOnce() {
        assertUsageError("--file was given more than once", "-f", "a", "--file", "b");
        assertUsageError("--verbose was given more than once", "-v", "--verbose");
    }

    @Test
    void anUnknownOptionSuggestsTheNearestKnownOne() {
        assertUsageError("unknown option '--fiel'; did you mean --file?", "--fiel", "x");
        assertUsageError("unknown option '--verbos'; did you mean --verbose?", "--verbos");
        assertUsageError("unknown option '-file'; did you mean --file?", "-file");
        assertUsageError("unknown option '--colour'; did you mean --color?", "--colour=red");
        assertUsageError("unknown option '--zebra'", "--zebra");
        assertUsageError("unknown option '-x'", "-x");
    }

    @Test
    void doubleDashEndsTheOptions() {
        ParsedArgs parsed = parse("-v", "--", "--verbose");

        assertThat(parsed.value(INPUT)).isEqualTo("--verbose");
        assertThat(parse("--", "-").value(INPUT)).isEqualTo("-");
        assertUsageError("unexpected argument '--help' (try takes only [INPUT])", "--", "x", "--help");
    }

    @Test
    void extraArgumentsAreAnError() {
        assertUsageError("unexpected argument 'b' (try takes only [INPUT])", "a", "b");
        CommandSpec none = new CommandSpec("none", List.of("No arguments."), List.of(), List.of(), List.of());
        assertThatThrownBy(() -> CommandLineParser.parse(none, new String[] {"x"}, 0))
                .hasMessage("unexpected argument 'x' (none takes no arguments, only options)");
    }

    @Test
    void aRequiredArgumentMustBeGiven() {
        PositionalSpec<Path> target = new PositionalSpec<>("TARGET", ValueType.PATH, true, "Where.");
        CommandSpec copy = new CommandSpec("copy", List.of("Copy."), List.of(), List.of(target), List.of());

        assertThatThrownBy(() -> CommandLineParser.parse(copy, new String[0], 0)).isInstanceOf(UsageException.class)
                .hasMessage("missing TARGET");
        assertThat(CommandLineParser.parse(copy, new String[] {"t"}, 0).value(target)).isEqualTo(Path.of("t"));
        assertThatThrownBy(() -> CommandLineParser.parse(copy, new String[] {""}, 0)).hasMessage("TARGET: expected a path, got an empty value");
    }

    @Test
    void anOptionalExclusiveGroupAllowsNoneOrOne() {
        assertThat(parse().flag(ALPHA)).isFalse();
        assertThat(parse("--alpha").flag(ALPHA)).isTrue();
        assertThat(parse("--beta", "b").value(BETA)).isEqualTo("b");
        assertUsageError("--alpha and --beta are mutually exclusive; give only one", "--beta=b", "--alpha");
    }

    @Test
    void aRequiredExclusiveGroupWantsExactlyOne() {
        OptionSpec<Boolean> a = OptionSpec.flag(List.of("--a1"), "A.");
        OptionSpec<Boolean> b = OptionSpec.flag(List.of("--b1"), "B.");
        OptionSpec<Integer> c = OptionSpec.value(List.of("--c1"), "PORT", ValueType.PORT, "C.");
        CommandSpec spec = new CommandSpec("pick", List.of("Pick one."), List.of(a, b, c), List.of(),
                List.of(new ExclusiveGroup(true, List.of(a, b, c))));

        assertThatThrownBy(() -> CommandLineParser.parse(spec, new String[0], 0)).hasMessage("give one of --a1, --b1 or --c1 PORT");
        assertThatThrownBy(() -> CommandLineParser.parse(spec, new String[] {"--a1", "--c1", "1", "--b1"}, 0))
                .hasMessage("--a1, --b1 and --c1 are mutually exclusive; give only one");
        assertThat(CommandLineParser.parse(spec, new String[] {"--c1", "7"}, 0).value(c)).isEqualTo(7);
    }

    @Test
    void helpAndVersionEndParsingWhereTheyAppear() {
        assertThat(parse("--help", "--zebra").helpRequested()).isTrue();
        assertThat(parse("-v", "-h").helpRequested()).isTrue();
        assertThat(parse("-V", "a", "b").versionRequested()).isTrue();
        assertThat(parse("--version").versionRequested()).isTrue();
        assertUsageError("unknown option '--zebra'", "--zebra", "--help");
        assertThat(parse("--help").value(COLOR)).as("defaults still answer").isEqualTo(Color.RED);
    }

    @Test
    void parsingStartsAtTheGivenIndex() {
        assertThat(CommandLineParser.parse(TRY, new String[] {"try", "-v"}, 1).flag(VERBOSE)).isTrue();
    }

    @Test
    void readingAnotherCommandsOptionIsABug() {
        assertThatThrownBy(() -> parse().value(ServeCommand.CONFIG)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--config is not an option of try");
        assertThatThrownBy(() -> parse().value(ValidateCommand.FILE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void declarationsAreChecked() {
        assertThatThrownBy(() -> OptionSpec.flag(List.of("config"), "x")).hasMessageContaining("not an option name");
        assertThatThrownBy(() -> OptionSpec.flag(List.of("--x"), "x")).hasMessageContaining("not an option name");
        assertThatThrownBy(() -> OptionSpec.flag(List.of("--long", "-l"), "x")).hasMessageContaining("short names come before");
        assertThatThrownBy(() -> VERBOSE.withDefault("yes")).hasMessageContaining("a flag has no default");
        assertThatThrownBy(() -> OptionSpec.value(List.of("--pp"), null, ValueType.PORT, "x")).hasMessageContaining("both a label and a type");
        assertThatThrownBy(() -> PORT.withDefault("99999")).hasMessageContaining("port must be");
        assertThatThrownBy(() -> new CommandSpec("dup", List.of("d"), List.of(VERBOSE, OptionSpec.flag(List.of("-v"), "again")),
                List.of(), List.of())).hasMessageContaining("-v is declared twice");
        assertThatThrownBy(() -> new CommandSpec("h", List.of("d"), List.of(OptionSpec.flag(List.of("--help"), "mine")),
                List.of(), List.of())).hasMessageContaining("--help");
        assertThatThrownBy(() -> new CommandSpec("g", List.of("d"), List.of(ALPHA), List.of(),
                List.of(new ExclusiveGroup(true, List.of(ALPHA, BETA))))).hasMessageContaining("--beta is not one of its options");
        assertThatThrownBy(() -> new CommandSpec("p", List.of("d"), List.of(),
                List.of(INPUT, new PositionalSpec<>("OUT", ValueType.STRING, true, "o")), List.of()))
                .hasMessageContaining("required argument OUT after an optional one");
    }
}

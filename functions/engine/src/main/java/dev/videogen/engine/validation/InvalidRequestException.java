package dev.videogen.engine.validation;

import java.util.List;

/** A request that breaks the contract; carries every problem found, each with its field path. */
public class InvalidRequestException extends RuntimeException {

    private final List<FieldProblem> problems;

    public InvalidRequestException(List<FieldProblem> problems) {
        super(summary(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid request has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public InvalidRequestException(String field, String message) {
        this(List.of(new FieldProblem(field, message)));
    }

    public List<FieldProblem> problems() {
        return problems;
    }

    private static String summary(List<FieldProblem> problems) {
        if (problems.size() == 1) {
            FieldProblem only = problems.get(0);
            return only.field() + ": " + only.message();
        }
        return problems.size() + " problems in the request";
    }
}

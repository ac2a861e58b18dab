package dev.videogen.engine.validation;

import java.util.ArrayList;
import java.util.List;

/** Problems collected while parsing a request, in the order found, each with the JSON path of its field. */
final class Problems {
    private final List<FieldProblem> list = new ArrayList<>();

    void add(String field, String message) {
        list.add(new FieldProblem(field, message));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    int size() {
        return list.size();
    }

    InvalidRequestException toException() {
        return new InvalidRequestException(list);
    }
}

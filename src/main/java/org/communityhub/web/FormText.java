package org.communityhub.web;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.communityhub.common.text.RefusedParameterException;
import org.communityhub.common.text.Text;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Text parameters of the endpoints (the pages' form fields above all, and query and path
 * parameters) checked by {@link Text} as they are read: a control character, a lone surrogate or an
 * invisible character is a 422 naming the field, as in JSON ({@link RequestJson}).
 */
@Provider
public class FormText implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType != String.class) {
            return null;
        }
        String field = name(annotations);
        return (ParamConverter<T>) new ParamConverter<String>() {
            @Override
            public String fromString(String value) {
                var problem = Text.problem(value);
                if (problem.isPresent()) {
                    throw new RefusedParameterException(field, problem.get());
                }
                return value;
            }

            @Override
            public String toString(String value) {
                return value;
            }
        };
    }

    private static String name(Annotation[] annotations) {
        for (Annotation a : annotations == null ? new Annotation[0] : annotations) {
            String name = null;
            if (a instanceof FormParam f) {
                name = f.value();
            } else if (a instanceof RestForm f) {
                name = f.value();
            } else if (a instanceof QueryParam q) {
                name = q.value();
            } else if (a instanceof RestQuery q) {
                name = q.value();
            } else if (a instanceof PathParam p) {
                name = p.value();
            } else if (a instanceof RestPath p) {
                name = p.value();
            } else if (a instanceof HeaderParam h) {
                name = h.value();
            } else if (a instanceof CookieParam c) {
                name = c.value();
            }
            if (name != null) {
                return name;
            }
        }
        return "";
    }
}
